package dev.infraplatform.search.analysis;

/**
 * One token of an {@code _analyze} response, as Elasticsearch reports it.
 *
 * @param position the token's position, counted over all texts of the request
 * @param positionLength positions the token spans (more than 1 for a multi-word synonym in a graph)
 */
public record AnalyzedToken(String token, int startOffset, int endOffset, String type, int position,
                            int positionLength) {
}
