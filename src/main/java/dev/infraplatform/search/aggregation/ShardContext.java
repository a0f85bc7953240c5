package dev.infraplatform.search.aggregation;

import org.apache.lucene.search.IndexSearcher;

import java.io.IOException;
import java.util.HashMap;
import java.util.Map;

/**
 * What a shard's aggregators share during one search: the searcher (its point-in-time reader)
 * and the global ordinals of the keyword fields aggregated on, built once per field.
 */
final class ShardContext {

    private final IndexSearcher searcher;
    private final Map<String, GlobalOrdinals> ordinals = new HashMap<>();

    ShardContext(IndexSearcher searcher) {
        this.searcher = searcher;
    }

    IndexSearcher searcher() {
        return searcher;
    }

    GlobalOrdinals globalOrdinals(FieldSource field) throws IOException {
        GlobalOrdinals found = ordinals.get(field.name());
        if (found == null) {
            found = GlobalOrdinals.of(searcher.getIndexReader(), field);
            ordinals.put(field.name(), found);
        }
        return found;
    }
}
