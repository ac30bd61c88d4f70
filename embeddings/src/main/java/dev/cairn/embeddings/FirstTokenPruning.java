package dev.cairn.embeddings;

import dev.cairn.embeddings.ProtoMessage.Field;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Rewrites a BERT-style encoder so that its last layer computes only the first token's vector, which is all that CLS
 * pooling reads. The last layer still projects keys and values for every token (the first token attends to all of
 * them) but its query, attention output, feed-forward network and layer norms run on one row instead of every row:
 * about a twelfth less arithmetic for a 12-layer model. The results are the same computations on the same numbers.
 *
 * <p>The last layer is found by its shape, not by names: the last tensor read by exactly three MatMuls with constant
 * weights (query, key, value projections) and one Add (the residual connection), whose query is the projection that
 * reaches the left side of the attention-score MatMul. A Gather of position 0 is inserted before the query
 * projection and the residual Add; everything after them then has one position. Models that do not match (other
 * layouts, fused attention operators, several outputs, external weight files, control flow) are left alone.
 */
final class FirstTokenPruning {
    private static final Logger log = LoggerFactory.getLogger(FirstTokenPruning.class);

    /** Names this edit in cached models; change it whenever the edit changes. */
    static final String VERSION = "first-token-v1";

    // ONNX protobuf field numbers (onnx.proto3)
    private static final int MODEL_GRAPH = 7;
    private static final int GRAPH_NODE = 1;
    private static final int GRAPH_INITIALIZER = 5;
    private static final int GRAPH_OUTPUT = 12;
    private static final int GRAPH_SPARSE_INITIALIZER = 15;
    private static final int NODE_INPUT = 1;
    private static final int NODE_OUTPUT = 2;
    private static final int NODE_NAME = 3;
    private static final int NODE_OP_TYPE = 4;
    private static final int NODE_ATTRIBUTE = 5;
    private static final int NODE_DOMAIN = 7;
    private static final int ATTRIBUTE_NAME = 1;
    private static final int ATTRIBUTE_INT = 3;
    private static final int ATTRIBUTE_TYPE = 20;
    private static final int ATTRIBUTE_TYPE_INT = 2;
    private static final int TENSOR_DIMS = 1;
    private static final int TENSOR_DATA_TYPE = 2;
    private static final int TENSOR_NAME = 8;
    private static final int TENSOR_RAW_DATA = 9;
    private static final int TENSOR_DATA_LOCATION = 14;
    private static final int DATA_TYPE_INT64 = 7;
    private static final int VALUE_INFO_TYPE = 2;
    private static final int TYPE_TENSOR = 1;
    private static final int TENSOR_TYPE_SHAPE = 2;
    private static final int SHAPE_DIM = 1;
    private static final int DATA_LOCATION_EXTERNAL = 1;

    /** Ops a projection's result passes through on its way to the attention scores (bias, scale, head split). */
    private static final Set<String> ON_THE_WAY = Set.of("Add", "Sub", "Mul", "Div", "Reshape", "Transpose", "Cast",
            "Identity", "Unsqueeze", "Squeeze");
    /** Of those, the ones whose data input is only the first (the others are shapes or axes). */
    private static final Set<String> DATA_FIRST = Set.of("Reshape", "Transpose", "Cast", "Identity", "Unsqueeze", "Squeeze");

    private record Node(int index, Field field, List<String> inputs, List<String> outputs, String opType, boolean standard) {}

    private record Use(Node node, int slot) {}

    private FirstTokenPruning() {}

    /** The rewritten model, or empty when the model does not have the expected shape ({@code source} names it in logs). */
    static Optional<byte[]> rewrite(byte[] model, String source) {
        try {
            return rewriteOrExplain(model, source);
        } catch (IllegalArgumentException e) {
            log.debug("{}: not pruned, the model does not parse as expected: {}", source, e.getMessage());
            return Optional.empty();
        }
    }

    private static Optional<byte[]> rewriteOrExplain(byte[] model, String source) {
        List<Field> modelFields = ProtoMessage.parse(model, 0, model.length);
        List<Field> graphs = modelFields.stream().filter(f -> f.number() == MODEL_GRAPH).toList();
        if (graphs.size() != 1) return skip(source, "no single graph");
        List<Field> graph = graphs.getFirst().message();

        List<Node> nodes = new ArrayList<>();
        Set<String> constants = new HashSet<>();
        Set<String> names = new HashSet<>();
        int outputs = 0;
        for (Field f : graph) {
            switch (f.number()) {
                case GRAPH_NODE -> nodes.add(node(nodes.size(), f));
                case GRAPH_INITIALIZER, GRAPH_SPARSE_INITIALIZER -> {
                    for (Field t : f.message()) {
                        if (t.number() == TENSOR_NAME) constants.add(t.string());
                        if (t.number() == TENSOR_DATA_LOCATION && t.varint() == DATA_LOCATION_EXTERNAL) {
                            return skip(source, "weights in external files");
                        }
                    }
                }
                case GRAPH_OUTPUT -> {
                    outputs++;
                    if (rank(f) != 3) return skip(source, "the output is not token vectors [batch, sequence, dim]");
                }
                default -> { }
            }
        }
        if (outputs != 1) return skip(source, outputs + " graph outputs");
        Map<String, List<Use>> uses = new HashMap<>();
        for (Node n : nodes) {
            if (Set.of("If", "Loop", "Scan").contains(n.opType)) return skip(source, "subgraphs (" + n.opType + ")");
            if (n.standard && n.opType.equals("Constant")) constants.addAll(n.outputs);
            for (int i = 0; i < n.inputs.size(); i++) uses.computeIfAbsent(n.inputs.get(i), k -> new ArrayList<>()).add(new Use(n, i));
            names.addAll(n.inputs);
            names.addAll(n.outputs);
        }
        names.addAll(constants);

        // the last layer's input: the last tensor (in the graph's topological order) used as a layer input
        String layerInput = null;
        List<Use> projections = null;
        Use residual = null;
        for (Node n : nodes) {
            for (String out : n.outputs) {
                List<Use> u = uses.getOrDefault(out, List.of());
                List<Use> matMuls = u.stream().filter(x -> x.node.standard && x.node.opType.equals("MatMul") && x.slot == 0
                        && x.node.inputs.size() == 2 && constants.contains(x.node.inputs.get(1))).toList();
                List<Use> adds = u.stream().filter(x -> x.node.standard && x.node.opType.equals("Add")).toList();
                if (u.size() == 4 && matMuls.size() == 3 && adds.size() == 1) {
                    layerInput = out;
                    projections = matMuls;
                    residual = adds.getFirst();
                }
            }
        }
        if (layerInput == null) return skip(source, "no BERT-style attention layer found");

        // which projection is the query: it reaches the left side of a MatMul whose right side another one reaches
        Map<Node, List<Integer>> scoreSides = new HashMap<>();
        List<Use> reached = new ArrayList<>();
        for (Use p : projections) {
            Use score = attentionMatMul(p.node.outputs.getFirst(), uses, constants);
            reached.add(score);
            if (score != null) scoreSides.computeIfAbsent(score.node, k -> new ArrayList<>()).add(score.slot);
        }
        Node query = null;
        for (int i = 0; i < projections.size(); i++) {
            Use score = reached.get(i);
            if (score != null && score.slot == 0 && Set.copyOf(scoreSides.get(score.node)).equals(Set.of(0, 1))
                    && scoreSides.get(score.node).size() == 2) {
                if (query != null) return skip(source, "two candidate query projections");
                query = projections.get(i).node;
            }
        }
        if (query == null) return skip(source, "the query projection of the last layer was not found");

        String index = fresh("cairn_first_token_index", names);
        String firstToken = fresh("cairn_first_token", names);
        ProtoMessage.Writer gather = new ProtoMessage.Writer()
                .string(NODE_INPUT, layerInput).string(NODE_INPUT, index)
                .string(NODE_OUTPUT, firstToken)
                .string(NODE_NAME, firstToken + "_gather")
                .string(NODE_OP_TYPE, "Gather")
                .message(NODE_ATTRIBUTE, new ProtoMessage.Writer().string(ATTRIBUTE_NAME, "axis")
                        .varintField(ATTRIBUTE_INT, 1).varintField(ATTRIBUTE_TYPE, ATTRIBUTE_TYPE_INT));
        ProtoMessage.Writer indexTensor = new ProtoMessage.Writer()
                .varintField(TENSOR_DIMS, 1).varintField(TENSOR_DATA_TYPE, DATA_TYPE_INT64)
                .string(TENSOR_NAME, index).bytes(TENSOR_RAW_DATA, new byte[Long.BYTES]);

        int insertAt = Math.min(query.index, residual.node.index);
        ProtoMessage.Writer newGraph = new ProtoMessage.Writer();
        int nodeIndex = 0;
        for (Field f : graph) {
            if (f.number() != GRAPH_NODE) {
                newGraph.field(f);
                continue;
            }
            if (nodeIndex == insertAt) newGraph.message(GRAPH_NODE, gather);
            Node n = nodes.get(nodeIndex++);
            if (n == query) {
                newGraph.message(GRAPH_NODE, replaceInput(n, 0, firstToken));
            } else if (n == residual.node) {
                newGraph.message(GRAPH_NODE, replaceInput(n, residual.slot, firstToken));
            } else {
                newGraph.field(f);
            }
        }
        newGraph.message(GRAPH_INITIALIZER, indexTensor);

        ProtoMessage.Writer newModel = new ProtoMessage.Writer();
        for (Field f : modelFields) {
            if (f.number() == MODEL_GRAPH) newModel.message(MODEL_GRAPH, newGraph);
            else newModel.field(f);
        }
        log.debug("{}: the last layer computes only the first token (its input: {})", source, layerInput);
        return Optional.of(newModel.toByteArray());
    }

    /** The first MatMul of two computed operands that {@code tensor} flows into, and on which side; or null. */
    private static Use attentionMatMul(String tensor, Map<String, List<Use>> uses, Set<String> constants) {
        List<String> frontier = List.of(tensor);
        for (int depth = 0; depth < 8 && !frontier.isEmpty(); depth++) {
            List<String> next = new ArrayList<>();
            for (String t : frontier) {
                for (Use u : uses.getOrDefault(t, List.of())) {
                    Node n = u.node;
                    if (!n.standard) continue;
                    if (n.opType.equals("MatMul") && n.inputs.size() == 2
                            && !constants.contains(n.inputs.get(0)) && !constants.contains(n.inputs.get(1))) {
                        return u;
                    }
                    if (ON_THE_WAY.contains(n.opType) && (u.slot == 0 || !DATA_FIRST.contains(n.opType))) {
                        next.addAll(n.outputs);
                    }
                }
            }
            frontier = next;
        }
        return null;
    }

    /** The declared rank of a graph output (a ValueInfoProto), or -1 if it declares no tensor shape. */
    private static int rank(Field valueInfo) {
        for (Field type : valueInfo.message()) {
            if (type.number() != VALUE_INFO_TYPE) continue;
            for (Field tensor : type.message()) {
                if (tensor.number() != TYPE_TENSOR) continue;
                for (Field shape : tensor.message()) {
                    if (shape.number() == TENSOR_TYPE_SHAPE) {
                        return (int) shape.message().stream().filter(d -> d.number() == SHAPE_DIM).count();
                    }
                }
            }
        }
        return -1;
    }

    private static ProtoMessage.Writer replaceInput(Node n, int slot, String tensor) {
        ProtoMessage.Writer w = new ProtoMessage.Writer();
        int input = 0;
        for (Field f : n.field.message()) {
            if (f.number() == NODE_INPUT && input++ == slot) w.string(NODE_INPUT, tensor);
            else w.field(f);
        }
        return w;
    }

    private static Node node(int index, Field f) {
        List<String> in = new ArrayList<>();
        List<String> out = new ArrayList<>();
        String op = "";
        String domain = "";
        for (Field x : f.message()) {
            switch (x.number()) {
                case NODE_INPUT -> in.add(x.string());
                case NODE_OUTPUT -> out.add(x.string());
                case NODE_OP_TYPE -> op = x.string();
                case NODE_DOMAIN -> domain = x.string();
                default -> { }
            }
        }
        return new Node(index, f, in, out, op, domain.isEmpty() || domain.equals("ai.onnx"));
    }

    private static String fresh(String base, Set<String> taken) {
        String name = base;
        for (int i = 1; taken.contains(name); i++) name = base + "_" + i;
        taken.add(name);
        return name;
    }

    private static Optional<byte[]> skip(String source, String why) {
        log.debug("{}: the last layer is kept whole: {}", source, why);
        return Optional.empty();
    }
}
