package io.registryconsole.plan;

/**
 * How fast one endpoint delivers: the medians of several samples taken after a warm-up.
 *
 * @param latencyMs                median manifest HEAD time
 * @param throughputBytesPerSecond median layer download throughput; null when nothing was downloaded
 * @param bytes                    size of the layer downloaded per sample
 * @param note                     why it was not measured (or only partly), else null
 */
record Measurement(Long latencyMs, Long throughputBytesPerSecond, Long bytes, String note) {

    static Measurement skipped(String why) {
        return new Measurement(null, null, null, why);
    }
}
