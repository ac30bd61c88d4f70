package dev.cairn.llm;

import dev.cairn.core.Fixtures;
import dev.cairn.gguf.GgufArray;
import dev.cairn.gguf.GgufFile;
import dev.cairn.gguf.GgufValueType;
import dev.cairn.gguf.GgufTensorInfo;
import dev.cairn.gguf.GgufWriter;
import dev.cairn.jinja.TemplateException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.*;

/** Chat templates from the GGUF, on copies of stories260K that carry a real template (fixtures/chat-templates). */
class ChatFormatTest {
    @TempDir
    Path dir;

    /** stories260K with {@code tokenizer.chat_template} set to {@code template} (null: none, as the original). */
    private Path withTemplate(String template) {
        return withTemplate(template, -1, null);
    }

    /** ... and token {@code id} replaced by the control token {@code piece}. */
    private Path withTemplate(String template, int id, String piece) {
        Path out = dir.resolve("chat-" + (template == null ? "none" : Integer.toHexString(template.hashCode())) + id + ".gguf");
        try (GgufFile in = GgufFile.open(Fixtures.fixture("models/stories260K.gguf"))) {
            GgufWriter w = new GgufWriter();
            for (String key : in.metadata().keys()) {
                Object value = in.metadata().get(key);
                if (id >= 0 && key.equals("tokenizer.ggml.tokens")) {
                    List<String> tokens = new java.util.ArrayList<>(in.metadata().getStringArray(key));
                    tokens.set(id, piece);
                    value = new GgufArray(GgufValueType.STRING, tokens);
                } else if (id >= 0 && key.equals("tokenizer.ggml.token_type")) {
                    int[] types = in.metadata().getIntArray(key);
                    types[id] = 3; // control
                    value = new GgufArray(GgufValueType.INT32, types);
                }
                w.put(key, in.metadata().type(key).orElseThrow(), value);
            }
            if (template != null) w.putString("tokenizer.chat_template", template);
            for (GgufTensorInfo t : in.tensors()) w.addTensor(t.name(), t.type(), t.shape(), in.tensorData(t));
            w.write(out);
        }
        return out;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> cases(String name) throws IOException {
        return new ObjectMapper().readValue(Fixtures.fixture("chat-templates/" + name + ".json").toFile(), Map.class);
    }

    @SuppressWarnings("unchecked")
    @Test
    void rendersTheModelsOwnTemplateAsJinja2() throws IOException {
        for (String name : List.of("Qwen-Qwen2.5-7B-Instruct", "meta-llama-Llama-3.1-8B-Instruct", "google-gemma-2-2b-it")) {
            String source = Files.readString(Fixtures.fixture("chat-templates/" + name + ".jinja"));
            try (Model model = Model.load(withTemplate(source))) {
                ChatFormat format = model.chatFormat();
                assertFalse(format.isFallback());
                assertEquals(source, format.source());
                assertEquals("<s>", format.bosToken());
                assertEquals("</s>", format.eosToken());
                int checked = 0;
                for (Map<String, Object> c : (List<Map<String, Object>>) cases(name).get("cases")) {
                    Map<String, Object> context = new HashMap<>(c);
                    context.remove("case");
                    Object expected = context.remove("expected");
                    Object error = context.remove("error");
                    if (expected != null) {
                        assertEquals(expected, format.render(context), name + " " + c.get("case"));
                        checked++;
                    } else {
                        assertNotNull(error);
                        assertThrows(TemplateException.class, () -> format.render(context), name + " " + c.get("case"));
                    }
                }
                assertTrue(checked >= 4, name + ": " + checked);
            }
        }
    }

    @Test
    void chatPromptAddsBosOnceAndUsesTheVocabularysTokens() {
        List<Map<String, String>> messages = List.of(Map.of("role", "user", "content", "Hi"));
        String qwen = "{% for m in messages %}<|im_start|>{{ m.role }}\n{{ m.content }}<|im_end|>\n{% endfor %}"
                + "{% if add_generation_prompt %}<|im_start|>assistant\n{% endif %}";
        try (Model model = Model.load(withTemplate(qwen))) {
            int[] ids = model.chatPrompt(messages, List.of());
            assertEquals(1, ids[0]); // the file asks for BOS and the template does not write it
            assertEquals("<|im_start|>user\nHi<|im_end|>\n<|im_start|>assistant\n", model.tokenizer().decode(ids, true).stripLeading());
        }
        try (Model model = Model.load(withTemplate("{{ bos_token }}[{{ messages[0].content }}]{{ eos_token }}"))) {
            int[] ids = model.chatPrompt(messages, List.of());
            assertEquals(1, ids[0]);
            assertNotEquals(1, ids[1]); // written by the template, parsed as the token, not added again
            assertEquals(2, ids[ids.length - 1]);
        }
    }

    @Test
    void aModelWithoutTemplateFallsBackToChatMl() {
        try (Model model = Model.load(Fixtures.fixture("models/stories260K.gguf"))) {
            ChatFormat format = model.chatFormat();
            assertTrue(format.isFallback());
            List<Map<String, String>> messages = List.of(Map.of("role", "system", "content", "Be brief."),
                    Map.of("role", "user", "content", "Hi"));
            assertEquals("<|im_start|>system\nBe brief.<|im_end|>\n<|im_start|>user\nHi<|im_end|>\n<|im_start|>assistant\n",
                    format.render(messages, List.of(), true));
            assertEquals(1, model.chatPrompt(messages, List.of())[0]);
        }
    }

    @Test
    void templateErrorsAreTemplateExceptions() {
        try (Model model = Model.load(withTemplate("{{ raise_exception('no system role') }}"))) {
            var e = assertThrows(TemplateException.class, () -> model.chatPrompt(List.of(), List.of()));
            assertTrue(e.getMessage().contains("no system role"), e.getMessage());
        }
    }

    @Test
    void endOfTurnTokensOfTheVocabularyStopGeneration() {
        String chatMl = "{% for m in messages %}<|im_start|>{{ m.role }}\n{{ m.content }}<|im_end|>\n{% endfor %}"
                + "{% if add_generation_prompt %}<|im_start|>assistant\n{% endif %}";
        try (Model model = Model.load(withTemplate(chatMl, 500, "<|im_end|>"))) {
            assertTrue(model.isStopToken(500));
            assertTrue(model.isStopToken(2));
            int[] ids = model.chatPrompt(List.of(Map.of("role", "user", "content", "Hi")), List.of());
            assertEquals(1, java.util.Arrays.stream(ids).filter(t -> t == 500).count()); // parsed as the one token
            // whatever the sampler draws, <|im_end|> is never emitted
            for (long seed = 0; seed < 5; seed++) {
                Generation g = model.generate(GenerationRequest.of(ids).withMaxTokens(40)
                        .withSampling(Sampler.Settings.defaults(seed)), t -> {});
                for (int t : g.tokens()) assertNotEquals(500, t);
                assertFalse(g.text().contains("<|im_end|>"));
            }
        }
    }
}
