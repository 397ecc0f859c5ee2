package io.registryconsole.export;

/** CA certificates as files: one trailing newline, LF line ends. */
final class Pem {

    private Pem() {
    }

    static String normalise(String pem) {
        String text = pem.replace("\r\n", "\n").strip();
        return text + "\n";
    }
}
