package io.jail4j.examples.ftp;

/** An inclusive range of TCP ports for passive data connections, parsed from {@code LOW-HIGH}. */
record PortRange(int low, int high) {
    PortRange {
        if (low < 1024 || high > 65535 || low > high) {
            throw new IllegalArgumentException("port range " + low + "-" + high
                    + ": expected LOW-HIGH with 1024 <= LOW <= HIGH <= 65535");
        }
    }

    /** Parses {@code LOW-HIGH}; throws IllegalArgumentException naming the text. */
    static PortRange parse(String text) {
        int dash = text.indexOf('-');
        if (dash <= 0 || dash == text.length() - 1) {
            throw new IllegalArgumentException("\"" + text + "\": expected LOW-HIGH, such as 40000-40100");
        }
        return new PortRange(number(text, text.substring(0, dash)), number(text, text.substring(dash + 1)));
    }

    private static int number(String text, String part) {
        if (part.isEmpty() || part.length() > 5 || !part.chars().allMatch(c -> c >= '0' && c <= '9')) {
            throw new IllegalArgumentException("\"" + text + "\": \"" + part + "\" is not a port number");
        }
        return Integer.parseInt(part);
    }

    int size() {
        return high - low + 1;
    }

    @Override
    public String toString() {
        return low + "-" + high;
    }
}
