package io.registryconsole.trust;

import java.util.List;

/**
 * The report as an RFC 4180 table. Cells that a spreadsheet would run as a formula (=, +, -, @ first) get a leading
 * apostrophe: evidence quotes registry answers, which are not ours to trust.
 */
final class ComplianceCsv {

    private ComplianceCsv() {
    }

    static String of(ComplianceReport report) {
        StringBuilder csv = new StringBuilder("environment,checkedAt,rule,title,status,evidence,remediation,controls\r\n");
        for (ComplianceReport.Rule rule : report.rules()) {
            List<String> cells = List.of(report.environment().name(), report.checkedAt().toString(), rule.id(), rule.title(),
                rule.status().name(), rule.evidence(), rule.remediation(), String.join("; ", rule.controls()));
            csv.append(String.join(",", cells.stream().map(ComplianceCsv::cell).toList())).append("\r\n");
        }
        return csv.toString();
    }

    static String cell(String value) {
        String v = value == null ? "" : value;
        if (!v.isEmpty() && "=+-@\t\r".indexOf(v.charAt(0)) >= 0) {
            v = "'" + v;
        }
        return "\"" + v.replace("\"", "\"\"") + "\"";
    }
}
