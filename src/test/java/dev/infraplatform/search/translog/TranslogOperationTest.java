package dev.infraplatform.search.translog;

import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;

class TranslogOperationTest {

    private static TranslogOperation roundTrip(TranslogOperation operation) {
        ByteBuffer encoded = operation.encode();
        byte[] payload = new byte[encoded.remaining()];
        encoded.get(payload);
        return TranslogOperation.decode(payload);
    }

    @Test
    void indexAndDeleteOperationsReadBackAsWrittenWhateverTheirIdsAndRouting() {
        byte[] source = "{\"title\": \"Dune\"}".getBytes(StandardCharsets.UTF_8);
        for (String id : new String[] {"1", "doc-ascii_42", "노트북", "naïve", "a\u0000b"}) {
            for (String routing : new String[] {null, "user-7", "라우팅"}) {
                TranslogOperation index = roundTrip(TranslogOperation.index(7, 3, id, routing, source));
                assertThat(index.kind()).isEqualTo(TranslogOperation.Kind.INDEX);
                assertThat(index.seqNo()).isEqualTo(7);
                assertThat(index.version()).isEqualTo(3);
                assertThat(index.id()).isEqualTo(id);
                assertThat(index.routing()).isEqualTo(routing);
                assertThat(index.source()).isEqualTo(source);

                TranslogOperation delete = roundTrip(TranslogOperation.delete(8, 4, id, routing));
                assertThat(delete.kind()).isEqualTo(TranslogOperation.Kind.DELETE);
                assertThat(delete.id()).isEqualTo(id);
                assertThat(delete.routing()).isEqualTo(routing);
                assertThat(delete.source()).isNull();
            }
        }
    }
}
