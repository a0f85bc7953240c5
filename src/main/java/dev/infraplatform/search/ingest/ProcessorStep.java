package dev.infraplatform.search.ingest;

import java.util.List;

/**
 * A processor as a pipeline holds it: the processor with the options every processor has —
 * {@code tag}, {@code description}, {@code ignore_failure} and its own {@code on_failure} processors.
 */
record ProcessorStep(String type, String tag, String description, boolean ignoreFailure, Processor processor,
                     List<ProcessorStep> onFailure) {
}
