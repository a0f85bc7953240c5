package dev.infraplatform;

import java.io.BufferedReader;

/** Reading a Server-Sent Events stream in tests. */
public final class ServerSentEvents {

    private ServerSentEvents() {
    }

    /** Reads up to the next event's data line and returns {@code "<event> <data>"}, skipping comments. */
    public static String nextEvent(BufferedReader reader) throws Exception {
        String event = null;
        String line;
        while ((line = reader.readLine()) != null) {
            if (line.startsWith("event:")) {
                event = line.substring(6).trim();
            } else if (line.startsWith("data:") && event != null) {
                return event + " " + line.substring(5).trim();
            }
        }
        throw new AssertionError("stream ended");
    }
}
