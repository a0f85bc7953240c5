package dev.infraplatform.search.compat;

/**
 * What became of one YAML test.
 *
 * @param file   the file below {@code rest-api-spec/test/}
 * @param test   the test's name
 * @param status pass, fail or skip
 * @param detail for a failure its first failing step and why, for a skip the reason; null for a pass
 */
record TestOutcome(String file, String test, Status status, String detail) {

    enum Status { PASS, FAIL, SKIP }

    static TestOutcome pass(String file, String test) {
        return new TestOutcome(file, test, Status.PASS, null);
    }

    static TestOutcome fail(String file, String test, String detail) {
        return new TestOutcome(file, test, Status.FAIL, detail);
    }

    static TestOutcome skip(String file, String test, String reason) {
        return new TestOutcome(file, test, Status.SKIP, reason);
    }
}
