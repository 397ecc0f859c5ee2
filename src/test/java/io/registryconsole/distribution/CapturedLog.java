package io.registryconsole.distribution;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

/**
 * The records one class of {@code distribution} writes to its {@link System.Logger}. Without a logging provider of its
 * own the JDK backs a System.Logger with the java.util.logging logger of the same name, so a handler there sees them.
 */
final class CapturedLog extends Handler implements AutoCloseable {

    private final Logger logger; // held strongly: java.util.logging forgets unreferenced loggers with their handlers
    private final List<LogRecord> records = new CopyOnWriteArrayList<>();
    private final Level levelBefore;

    private CapturedLog(Class<?> source) {
        logger = Logger.getLogger(source.getName());
        levelBefore = logger.getLevel();
        logger.setLevel(Level.ALL); // DEBUG records too
        setLevel(Level.ALL);
        logger.addHandler(this);
    }

    static CapturedLog of(Class<?> source) {
        return new CapturedLog(source);
    }

    List<LogRecord> records() {
        return List.copyOf(records);
    }

    List<LogRecord> at(Level level) {
        return records.stream().filter(r -> r.getLevel().equals(level)).toList();
    }

    @Override
    public void publish(LogRecord record) {
        records.add(record);
    }

    @Override
    public void flush() {
    }

    @Override
    public void close() {
        logger.removeHandler(this);
        logger.setLevel(levelBefore);
    }
}
