package dev.infraplatform.search.ingest;

/** Observes each processor's outcome on a document (for {@code _simulate?verbose=true}). */
interface ProcessorTrace {

    ProcessorTrace NONE = new ProcessorTrace() {
        @Override
        public void success(ProcessorStep step, IngestDocument document) {
        }

        @Override
        public void failure(ProcessorStep step, IngestProcessorException failure, IngestDocument document,
                            boolean ignored) {
        }
    };

    /** The step ran; the document is as it left it. */
    void success(ProcessorStep step, IngestDocument document);

    /** The step failed; {@code ignored} if {@code ignore_failure} let the pipeline go on. */
    void failure(ProcessorStep step, IngestProcessorException failure, IngestDocument document, boolean ignored);
}
