package io.jail4j.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;

import org.junit.jupiter.api.Test;

class JsonWriterTest {

    @Test
    void nestedContainers_write_placeCommasOnlyBetweenValues() {
        JsonWriter j = new JsonWriter().beginObject();
        j.field("a", 1).field("b", "x").field("c", true);
        j.name("d").beginArray().beginObject().endObject().beginArray().endArray().value(2).value((String) null).endArray();
        j.field("e", List.of(3L, 4L));
        j.name("f").beginObject().field("g", false).endObject();

        assertEquals("{\"a\":1,\"b\":\"x\",\"c\":true,\"d\":[{},[],2,null],\"e\":[3,4],\"f\":{\"g\":false}}",
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
}
