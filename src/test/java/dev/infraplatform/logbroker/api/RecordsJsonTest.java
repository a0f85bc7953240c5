package dev.infraplatform.logbroker.api;

import dev.infraplatform.web.BinaryEncoding;
import dev.infraplatform.logbroker.engine.ConsumedRecord;
import dev.infraplatform.logbroker.engine.FetchResult;
import dev.infraplatform.logbroker.engine.RecordHeader;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

/** The hand-written fetch JSON parses, with a JSON parser, back to exactly the records written. */
class RecordsJsonTest {

    private final Random random = new Random(5);
    private static final String ALPHABET = "abcXYZ019 \"\\\n\t\r\b\f\u0000\u0001\u001f\u007féü漢😀/<>";

    private String text() {
        if (random.nextInt(6) == 0) {
            return null;
        }
        StringBuilder text = new StringBuilder();
        for (int i = random.nextInt(60); i > 0; i--) {
            text.appendCodePoint(random.nextInt(3) == 0 ? ALPHABET.codePointAt(ALPHABET.offsetByCodePoints(0,
                    random.nextInt(ALPHABET.codePointCount(0, ALPHABET.length())))) : 'a' + random.nextInt(26));
        }
        return text.toString();
    }

    private static byte[] utf8(String text) {
        return text == null ? null : text.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void writtenRecordsParseBackExactly() throws Exception {
        for (int round = 0; round < 200; round++) {
            List<ConsumedRecord> records = new ArrayList<>();
            for (int i = random.nextInt(20); i > 0; i--) {
                List<RecordHeader> headers = new ArrayList<>();
                for (int h = random.nextInt(3); h > 0; h--) {
                    headers.add(new RecordHeader("h\"" + random.nextInt(9), utf8(text())));
                }
                records.add(new ConsumedRecord(random.nextLong(0, Long.MAX_VALUE), random.nextLong() / 2,
                        utf8(text()), utf8(text()), headers));
            }
            BinaryEncoding encoding = random.nextBoolean() ? BinaryEncoding.UTF8 : BinaryEncoding.BASE64;
            FetchResult result = new FetchResult(records, random.nextLong(0, 1 << 30), random.nextLong(0, 1 << 30), 0);
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            new FetchBody(result, encoding).writeTo(out);
            JsonNode json = JsonMapper.shared().readTree(out.toByteArray());
            assertThat(json.get("highWatermark").asLong()).isEqualTo(result.highWatermark());
            assertThat(json.get("nextOffset").asLong()).isEqualTo(result.nextOffset());
            assertThat(json.get("records")).hasSize(records.size());
            for (int i = 0; i < records.size(); i++) {
                ConsumedRecord record = records.get(i);
                JsonNode node = json.get("records").get(i);
                assertThat(node.get("offset").asLong()).isEqualTo(record.offset());
                assertThat(node.get("timestamp").asLong()).isEqualTo(record.timestamp());
                assertThat(decode(node.get("key"), encoding)).isEqualTo(record.key());
                assertThat(decode(node.get("value"), encoding)).isEqualTo(record.value());
                for (int h = 0; h < record.headers().size(); h++) {
                    JsonNode header = node.get("headers").get(h);
                    assertThat(header.get("key").asString()).isEqualTo(record.headers().get(h).key());
                    assertThat(decode(header.get("value"), encoding)).isEqualTo(record.headers().get(h).value());
                }
            }
        }
    }

    private static byte[] decode(JsonNode node, BinaryEncoding encoding) {
        if (node.isNull()) {
            return null;
        }
        return encoding == BinaryEncoding.BASE64 ? Base64.getDecoder().decode(node.asString()) : utf8(node.asString());
    }
}
