package dev.infraplatform.logbroker.api;

import java.io.IOException;
import java.io.OutputStream;

/** An answer that carries records and writes its JSON itself ({@link RecordsJson}), checked before it is written. */
sealed interface RecordsBody permits FetchBody, PollBody {

    void writeTo(OutputStream out) throws IOException;
}
