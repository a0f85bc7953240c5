package dev.infraplatform.search.engine;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Hidden indexes ({@code index.hidden}), hidden aliases and dot-prefixed indexes under wildcards, as Elasticsearch resolves them. */
class HiddenIndexesTest extends LocalSearchTest {

    private static final IndicesOptions OPEN = IndicesOptions.of(null, null, null, true);
    private static final IndicesOptions OPEN_AND_HIDDEN = IndicesOptions.of(null, null, "open,hidden", true);
    private static final IndicesOptions ALL = IndicesOptions.of(null, null, "all", true);

    private SearchEngine engine() {
        return search.engine();
    }

    private List<String> names(String expression, IndicesOptions options) {
        return engine().resolve(List.of(expression.split(",")), options).stream().map(SearchIndex::name).sorted().toList();
    }

    @BeforeEach
    void indexes() {
        engine().createIndex("plain", IndexSettings.defaults(), Mapping.empty());
        engine().createIndex("hidden", IndexSettings.parse(Map.of("index.hidden", true)), Mapping.empty());
        engine().createIndex(".dotted", IndexSettings.defaults(), Mapping.empty());
    }

    @Test
    void wildcardsLeaveHiddenAndDottedIndexesOutUnlessAskedFor() {
        assertThat(names("*", OPEN)).containsExactly("plain");
        assertThat(names("_all", OPEN)).containsExactly("plain");
        assertThat(names("h*", OPEN)).isEmpty();
        assertThat(names("*", OPEN_AND_HIDDEN)).containsExactly(".dotted", "hidden", "plain");
        assertThat(names("h*", ALL)).containsExactly("hidden");
        assertThat(names(".d*", OPEN)).containsExactly(".dotted");
        // named concretely, a hidden index resolves as any other
        assertThat(names("hidden,.dotted", OPEN)).containsExactly(".dotted", "hidden");
        assertThatThrownBy(() -> IndicesOptions.of(null, null, "hidden,secret", true))
                .isInstanceOf(IllegalSearchArgumentException.class);
    }

    @Test
    void hidingIsADynamicSettingThatSurvivesARestart() {
        engine().updateSettings(List.of("plain"), OPEN, Map.of("index", Map.of("hidden", "true")));
        assertThat(names("*", OPEN)).isEmpty();
        search.restart();
        assertThat(names("*", OPEN)).isEmpty();
        assertThat(engine().indexOrClosed("plain").metadata().settings().hidden()).isTrue();
        engine().updateSettings(List.of("plain"), OPEN, java.util.Collections.singletonMap("index.hidden", null));
        assertThat(names("*", OPEN)).containsExactly("plain");
        assertThatThrownBy(() -> engine().updateSettings(List.of("plain"), OPEN, Map.of("index.hidden", "maybe")))
                .isInstanceOf(IllegalSearchArgumentException.class)
                .hasMessage("Failed to parse value [maybe] as only [true] or [false] are allowed.");
    }

    @Test
    void aHiddenAliasMatchesPatternsOnlyWhenHiddenOnesAreAskedFor() {
        engine().updateAliases(List.of(AliasAction.add("plain", "secret", new AliasMetadata(null, null, null, null,
                true))));
        assertThat(names("sec*", OPEN)).isEmpty();
        assertThat(names("sec*", OPEN_AND_HIDDEN)).containsExactly("plain");
        assertThat(names("secret", OPEN)).containsExactly("plain");
    }
}
