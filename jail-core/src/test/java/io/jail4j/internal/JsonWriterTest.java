package io.jail4j.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;

import org.junit.jupiter.api.Test;

/** The one JSON writer: structure checks, and strings that every JSON parser accepts. */
class JsonWriterTest {

    @Test
    void nestedContainers_write_placeCommasOnlyBetweenValues() {
        JsonWriter j = new JsonWriter().beginObject();
        j.field("a", 1).field("b", "x").field("c", true);
        j.name("d").beginArray().beginObject().endObject().beginArray().endArray().value(2).value((String) null).endArray();
        j.numbers("e", List.of(3L, 4L)).strings("s", Arrays.asList("x", null));
        j.name("f").beginObject().field("g", false).endObject();

        assertEquals("{\"a\":1,\"b\":\"x\",\"c\":true,\"d\":[{},[],2,null],\"e\":[3,4],\"s\":[\"x\",null],\"f\":{\"g\":false}}",
                j.endObject().toString());
    }

    @Test
    void specialCharacters_value_areEscaped() {
        String json = new JsonWriter().value("q\" b\\ n\n r\r t\t nul\u0000 é").toString();

        assertEquals("\"q\\\" b\\\\ n\\n r\\r t\\t nul\\u0000 é\"", json);
    }

    @Test
    void secondTopLevelValue_value_throws() {
        JsonWriter j = new JsonWriter().value(1);

        assertThrows(IllegalStateException.class, () -> j.value(2));
    }

    @Test
    void nameInArray_name_throws() {
        JsonWriter j = new JsonWriter().beginArray();

        assertThrows(IllegalStateException.class, () -> j.name("x"));
    }

    @Test
    void valueInObjectWithoutName_value_throws() {
        JsonWriter j = new JsonWriter().beginObject();

        assertThrows(IllegalStateException.class, () -> j.value("orphan"));
    }

    @Test
    void arrayClosedAsObject_endObject_throws() {
        JsonWriter j = new JsonWriter().beginArray();

        assertThrows(IllegalStateException.class, j::endObject);
    }

    @Test
    void everyControlCharacter_value_isEscapedAsUnicodeOrShortForm() {
        for (char c = 0; c < 0x20; c++) {
            String json = new JsonWriter().value("a" + c + "b").toString();
            String escape = c == '\n' ? "\\n" : c == '\r' ? "\\r" : c == '\t' ? "\\t"
                    : String.format("\\u%04x", (int) c);

            assertEquals("\"a" + escape + "b\"", json, "U+" + Integer.toHexString(c));
            assertTrue(json.chars().allMatch(x -> x >= 0x20), json);
        }
        assertEquals("\"\\u007f\"", new JsonWriter().value("\u007f").toString());
    }

    @Test
    void lineAndParagraphSeparators_value_areEscaped() {
        String json = new JsonWriter().value("a\u2028b\u2029c").toString();

        assertEquals("\"a\\u2028b\\u2029c\"", json);
    }

    @Test
    void loneSurrogates_value_areEscapedAndPairsKept() {
        String pair = "\ud83d\ude00";
        String json = new JsonWriter().value("hi\ud800lo\udc00" + pair + "end\udbff").toString();

        assertEquals("\"hi\\ud800lo\\udc00" + pair + "end\\udbff\"", json);
        assertTrue(StandardCharsets.UTF_8.newEncoder().canEncode(json), "every char of the document encodes in UTF-8");
    }

    @Test
    void specialCharactersInNames_name_areEscaped() {
        String json = new JsonWriter().beginObject().field("k\"\u0001", 1).endObject().toString();

        assertEquals("{\"k\\\"\\u0001\":1}", json);
    }

    @Test
    void escapedString_parsedBack_givesTheOriginal() {
        StringBuilder all = new StringBuilder();
        for (char c = 0; c < 0x100; c++) {
            all.append(c);
        }
        all.append("\u2028\u2029\ud83d\ude00\ud800");
        String json = new JsonWriter().value(all.toString()).toString();

        assertEquals(all.toString(), parseString(json));
    }

    @Test
    void nameWithoutValue_endObject_throws() {
        JsonWriter j = new JsonWriter().beginObject().name("dangling");

        assertThrows(IllegalStateException.class, j::endObject);
    }

    @Test
    void twoNamesInARow_name_throws() {
        JsonWriter j = new JsonWriter().beginObject().name("a");

        assertThrows(IllegalStateException.class, () -> j.name("b"));
    }

    @Test
    void closeWithNothingOpen_endArray_throws() {
        assertThrows(IllegalStateException.class, () -> new JsonWriter().endArray());
    }

    /** A strict RFC 8259 string reader: rejects raw control characters and unknown escapes. */
    private static String parseString(String json) {
        assertTrue(json.length() >= 2 && json.charAt(0) == '"' && json.charAt(json.length() - 1) == '"', json);
        StringBuilder out = new StringBuilder();
        for (int i = 1; i < json.length() - 1; i++) {
            char c = json.charAt(i);
            assertTrue(c >= 0x20 && c != '"', "raw U+" + Integer.toHexString(c) + " at " + i);
            if (c != '\\') {
                out.append(c);
                continue;
            }
            char e = json.charAt(++i);
            switch (e) {
                case '"': case '\\': case '/': out.append(e); break;
                case 'b': out.append('\b'); break;
                case 'f': out.append('\f'); break;
                case 'n': out.append('\n'); break;
                case 'r': out.append('\r'); break;
                case 't': out.append('\t'); break;
                case 'u':
                    out.append((char) Integer.parseInt(json.substring(i + 1, i + 5), 16));
                    i += 4;
                    break;
                default:
                    throw new AssertionError("invalid escape \\" + e + " at " + i);
            }
        }
        return out.toString();
    }
}
