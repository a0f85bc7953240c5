package dev.infraplatform.search.ingest;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Deep copies of JSON values (maps, lists, scalars), so that documents and snapshots never share mutable objects. */
final class Values {

    private Values() {
    }

    @SuppressWarnings("unchecked")
    static <T> T deepCopy(T value) {
        if (value instanceof Map<?, ?> map) {
            Map<String, Object> copy = new LinkedHashMap<>(map.size() * 2);
            map.forEach((key, element) -> copy.put(String.valueOf(key), deepCopy(element)));
            return (T) copy;
        }
        if (value instanceof List<?> list) {
            List<Object> copy = new ArrayList<>(list.size());
            list.forEach(element -> copy.add(deepCopy(element)));
            return (T) copy;
        }
        return value;
    }
}
