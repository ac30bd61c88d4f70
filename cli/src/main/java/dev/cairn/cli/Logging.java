package dev.cairn.cli;

/**
 * Binds the CLI's SLF4J backend (slf4j-simple) before the first logger exists: warnings only by
 * default, info with {@code -v}, debug with {@code -vv}. Logs go to stderr so stdout stays clean for pipes.
 */
final class Logging {
    private static int verbosity;

    private Logging() {}

    static void configure(String[] args) {
        int v = 0;
        for (String a : args) {
            if (a.equals("--verbose")) v++;
            else if (a.matches("-v+")) v += a.length() - 1;
            else if (a.equals("--")) break;
        }
        verbosity = v;
        String level = v == 0 ? "warn" : v == 1 ? "info" : "debug";
        System.setProperty("org.slf4j.simpleLogger.defaultLogLevel", level);
        System.setProperty("org.slf4j.simpleLogger.logFile", "System.err");
        System.setProperty("org.slf4j.simpleLogger.showThreadName", "false");
        System.setProperty("org.slf4j.simpleLogger.showShortLogName", "true");
    }

    static int verbosity() {
        return verbosity;
    }
}
