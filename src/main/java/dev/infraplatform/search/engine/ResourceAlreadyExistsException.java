package dev.infraplatform.search.engine;

/** An index of that name exists: Elasticsearch's {@code resource_already_exists_exception} (400). */
public final class ResourceAlreadyExistsException extends SearchException {

    public ResourceAlreadyExistsException(String index, String uuid) {
        super("index [" + index + "/" + uuid + "] already exists");
        index(index, uuid);
    }

    @Override
    public String type() {
        return "resource_already_exists_exception";
    }
}
