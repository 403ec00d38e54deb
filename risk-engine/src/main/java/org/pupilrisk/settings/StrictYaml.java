package org.pupilrisk.settings;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonStreamContext;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.util.ArrayList;
import java.util.List;
import org.pupilrisk.input.InvalidInputException;

/**
 * The project's one strict YAML reading (scenarios, generator and lifetime settings): a key given twice is an error
 * naming its key path, malformed YAML an error naming the line; {@code source} names the file in each message.
 */
public final class StrictYaml {

    /** Strict: a key given twice in one mapping is an error, not "the last one wins". */
    public static final ObjectMapper MAPPER = new ObjectMapper(
            YAMLFactory.builder().enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION).build());

    private StrictYaml() {
    }

    /** The YAML text as a tree (null for an empty text). */
    public static JsonNode tree(String yaml, String source) {
        try {
            return MAPPER.readTree(yaml);
        } catch (JsonProcessingException e) {
            String msg = e.getOriginalMessage().lines().findFirst().orElse("");
            int line = e.getLocation() == null ? -1 : e.getLocation().getLineNr();
            if (msg.startsWith("Duplicate field") && e.getProcessor() instanceof JsonParser p) {
                throw SettingsException.problem(source, keyPath(p.getParsingContext()),
                        "given twice" + (line > 0 ? " (line " + line + ")" : "") + "; keep one");
            }
            throw new InvalidInputException(source + ": not valid YAML" + (line > 0 ? " at line " + line : "") + ": " + msg);
        }
    }

    /** The key path of a parser position, e.g. {@code releases[2].k}. */
    private static String keyPath(JsonStreamContext context) {
        List<String> parts = new ArrayList<>();
        for (JsonStreamContext c = context; c != null && !c.inRoot(); c = c.getParent()) {
            parts.add(0, c.inArray() ? "[" + c.getCurrentIndex() + "]" : "." + c.getCurrentName());
        }
        String path = String.join("", parts);
        return path.startsWith(".") ? path.substring(1) : path;
    }
}
