package dev.infraplatform.search.engine;

/** A realtime get: the latest version of a document, or not found ({@code source} is then {@code null}). */
public record GetResult(String index, String id, boolean found, long version, long seqNo, long primaryTerm,
                        String routing, byte[] source) {

    static GetResult missing(String index, String id) {
        return new GetResult(index, id, false, -1, -2, 0, null, null);
    }
}
