package dev.seclens.rules;

import com.github.javaparser.JavaParser;
import com.github.javaparser.JavaToken;
import com.github.javaparser.ParseResult;
import com.github.javaparser.Position;
import com.github.javaparser.Range;
import com.github.javaparser.TokenRange;
import com.github.javaparser.ast.CompilationUnit;
import com.github.javaparser.ast.DataKey;
import com.github.javaparser.ast.Node;
import com.github.javaparser.ast.NodeList;
import com.github.javaparser.ast.body.BodyDeclaration;
import com.github.javaparser.ast.body.InitializerDeclaration;
import com.github.javaparser.ast.body.MethodDeclaration;
import com.github.javaparser.ast.body.TypeDeclaration;
import com.github.javaparser.ast.body.VariableDeclarator;
import com.github.javaparser.ast.expr.InstanceOfExpr;
import com.github.javaparser.ast.expr.PatternExpr;
import com.github.javaparser.ast.stmt.BlockStmt;
import com.github.javaparser.ast.type.ReferenceType;
import com.github.javaparser.ast.type.Type;
import com.github.javaparser.ast.type.VarType;
import com.github.javaparser.utils.LineSeparator;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The tree of an edited text made from the tree of the text before the edit, when the edit lies
 * inside one method's (or initializer's) body: only that body is parsed again, and the rest of the
 * tree is copied with its positions moved. Typing in an editor changes one body at a time, and
 * parsing a body costs a small fraction of parsing the file.
 *
 * <p>The result is the tree a full parse of the new text gives. The body's text is everything from
 * its {@code {} to its {@code }}, and it must parse on its own as exactly one block, with no problem:
 * the text before it is unchanged, so the lexer reaches the {@code {} in the same state as before
 * (outside any comment, string or text block), and after a whole block it is back in that state, so
 * the text after lexes and parses as before. Only bodies of methods and initializers of classes that
 * are themselves top-level or members qualify: the grammar parses those as plain blocks (a
 * constructor's body is not one: it may start with {@code this(...)}), and no statement or field
 * outside the body can contain the edit, which keeps every statement's tokens those of the new text.
 *
 * <p>The previous tree may still be read (code actions work on the last analysis's tree), so its
 * nodes are copied, without the previous analysis's cached data, and keep their positions. Its token
 * list, which only the analysis that made it reads (for fingerprints), is taken over by the copy and
 * moved in place, which is cheaper than copying tokens one by one; the previous tree is then marked,
 * and no second edit starts from it.
 */
final class IncrementalParse {
    /** Marks a tree whose token list an edit has taken over: it can be the base of no other edit. */
    private static final DataKey<Boolean> CONSUMED = new DataKey<>() {
    };

    private IncrementalParse() {
    }

    /** The tree of {@code text}, an edit of {@code previousText} whose complete tree is {@code previous}; empty if this edit needs a full parse. */
    static Optional<CompilationUnit> edit(String previousText, CompilationUnit previous, String text) {
        if (previousText.equals(text) || previous.containsData(CONSUMED)) {
            return Optional.empty();
        }
        int prefix = 0;
        int limit = Math.min(previousText.length(), text.length());
        while (prefix < limit && previousText.charAt(prefix) == text.charAt(prefix)) {
            prefix++;
        }
        int suffix = 0;
        while (suffix < limit - prefix && previousText.charAt(previousText.length() - 1 - suffix)
                == text.charAt(text.length() - 1 - suffix)) {
            suffix++;
        }
        TextLines lines = TextLines.of(previousText);
        // the edit replaced [prefix, previousText.length() - suffix) of the previous text
        List<Integer> path = new ArrayList<>();
        Optional<BlockStmt> body = enclosingBody(previous.getTypes(), lines, prefix, previousText.length() - suffix, path);
        if (body.isEmpty()) {
            return Optional.empty();
        }
        BlockStmt oldBody = body.get();
        if (commentedAcrossItsBraces(oldBody)) {
            return Optional.empty();
        }
        Range oldRange = oldBody.getRange().orElseThrow();
        int start = offset(lines, oldRange.begin);
        int end = offset(lines, oldRange.end) + text.length() - previousText.length();
        String bodyText = text.substring(start, end + 1);
        ParseResult<BlockStmt> parsed = new JavaParser(JavaSource.configuration(bodyText)).parseBlock(bodyText);
        if (!parsed.isSuccessful() || parsed.getResult().isEmpty() || parsed.getResult().get().getTokenRange().isEmpty()) {
            return Optional.empty();
        }
        BlockStmt newBody = parsed.getResult().get();
        CompilationUnit copy = previous.clone();
        replaceBody(copy, path, newBody);
        // one walk collects what the steps below need; a comment is in it when it is an orphan, and also when
        // it is a node's (some are both: each step below may meet a node twice)
        List<Node> nodes = new ArrayList<>();
        List<InstanceOfExpr> tests = new ArrayList<>();
        List<VariableDeclarator> varDeclarators = new ArrayList<>();
        copy.walk(node -> {
            nodes.add(node);
            node.getComment().ifPresent(nodes::add);
            if (node instanceof InstanceOfExpr test) {
                tests.add(test);
            } else if (node instanceof VariableDeclarator declarator && declarator.getType() instanceof VarType) {
                varDeclarators.add(declarator);
            }
        });
        for (Node node : nodes) {
            if (node.getTokenRange().isEmpty()) {
                return Optional.empty(); // a construct the parser recovered without tokens: a copy could not place it
            }
        }
        reshapeAsParsed(tests, varDeclarators, nodes);
        previous.setData(CONSUMED, Boolean.TRUE);
        Tokens tokens = new Tokens(oldBody.getTokenRange().orElseThrow(), newBody.getTokenRange().orElseThrow(),
                oldRange.begin);
        newBody.walk(node -> {
            tokens.retargetInBody(node);
            node.getComment().ifPresent(tokens::retargetInBody);
        });
        for (Node node : nodes) {
            tokens.retarget(node);
            if (!node.getDataKeys().isEmpty()) {
                for (DataKey<?> key : new ArrayList<>(node.getDataKeys())) {
                    node.removeData(key);
                }
            }
        }
        // the line separators are the previous text's unless the edit added or removed one
        boolean sameLineBreaks = lineBreakFree(previousText, prefix, previousText.length() - suffix)
                && lineBreakFree(text, prefix, text.length() - suffix) && previous.containsData(Node.LINE_SEPARATOR_KEY);
        copy.setData(Node.LINE_SEPARATOR_KEY, sameLineBreaks ? previous.getData(Node.LINE_SEPARATOR_KEY) : LineSeparator.detect(text));
        return Optional.of(copy);
    }

    private static int offset(TextLines lines, Position position) {
        return lines.offset(position.line, position.column);
    }

    private static boolean lineBreakFree(String text, int from, int to) {
        for (int i = from; i < to; i++) {
            if (text.charAt(i) == '\n' || text.charAt(i) == '\r') {
                return false;
            }
        }
        return true;
    }

    /**
     * The body of the method or initializer, of a top-level or member class, that holds the whole
     * changed range strictly between its braces; {@code path} receives the indices (type, then
     * member, at each level) that find the same body in a copy of the tree.
     */
    private static Optional<BlockStmt> enclosingBody(NodeList<? extends BodyDeclaration<?>> members, TextLines lines,
            int changeStart, int changeEnd, List<Integer> path) {
        for (int i = 0; i < members.size(); i++) {
            BodyDeclaration<?> member = members.get(i);
            Optional<Range> range = member.getRange();
            if (range.isEmpty() || offset(lines, range.get().begin) > changeStart
                    || offset(lines, range.get().end) + 1 < changeEnd) {
                continue;
            }
            path.add(i);
            if (member instanceof TypeDeclaration<?> type) {
                return enclosingBody(type.getMembers(), lines, changeStart, changeEnd, path);
            }
            Optional<BlockStmt> body = member instanceof MethodDeclaration method ? method.getBody()
                    : member instanceof InitializerDeclaration initializer ? Optional.of(initializer.getBody())
                    : Optional.empty();
            Optional<Range> bodyRange = body.flatMap(Node::getRange);
            if (bodyRange.isPresent() && offset(lines, bodyRange.get().begin) < changeStart
                    && changeEnd <= offset(lines, bodyRange.get().end)) {
                return body;
            }
            return Optional.empty();
        }
        return Optional.empty();
    }

    /**
     * Whether the parser may attribute a comment outside the body's braces by what is inside them: a
     * comment before the {@code {} that the body itself carries, or a comment after the {@code }} on
     * the same line, which can go to whatever inside the body ends on that line.
     */
    private static boolean commentedAcrossItsBraces(BlockStmt body) {
        if (body.getComment().isPresent()) {
            return true;
        }
        JavaToken next = body.getTokenRange().orElseThrow().getEnd().getNextToken().orElse(null);
        while (next != null && next.getCategory() != JavaToken.Category.EOL) {
            if (next.getCategory().isComment()) {
                return true;
            }
            next = next.getNextToken().orElse(null);
        }
        return false;
    }

    private static void replaceBody(CompilationUnit copy, List<Integer> path, BlockStmt newBody) {
        NodeList<? extends BodyDeclaration<?>> members = copy.getTypes();
        BodyDeclaration<?> member = null;
        for (int index : path) {
            member = members.get(index);
            if (member instanceof TypeDeclaration<?> type) {
                members = type.getMembers();
            }
        }
        if (member instanceof MethodDeclaration method) {
            method.setBody(newBody);
        } else if (member instanceof InitializerDeclaration initializer) {
            initializer.setBody(newBody);
        } else {
            throw new IllegalStateException("the copied tree has no body at " + path);
        }
    }

    /**
     * Gives the copy the shape the parser gives a tree, where JavaParser's copy differs from it, so
     * that a walk of the copy meets the nodes, in the order, that a walk of a parsed tree meets:
     * <ul>
     * <li>{@code x instanceof T t} has one type node, held by both the {@code instanceof} and its
     * pattern and listed among the {@code instanceof}'s children, where a copy makes two;
     * <li>the {@code VarType} of {@code var x = ...} comes last among the declarator's children,
     * since the parser's post-processing put it there in place of a type named {@code var}, where a
     * copy lists it first.
     * </ul>
     */
    private static void reshapeAsParsed(List<InstanceOfExpr> tests, List<VariableDeclarator> varDeclarators, List<Node> nodes) {
        for (InstanceOfExpr test : tests) {
            PatternExpr pattern = test.getPattern().orElse(null);
            if (pattern == null || pattern.getType() == test.getType() || !pattern.getType().equals(test.getType())) {
                continue;
            }
            ReferenceType type = test.getType();
            pattern.setType(type);
            test.removePattern();
            type.setParentNode(test);
            test.setPattern(pattern);
        }
        for (VariableDeclarator declarator : varDeclarators) {
            List<Node> children = declarator.getChildNodes();
            Type type = declarator.getType();
            if (children.get(children.size() - 1) != type) {
                VarType var = new VarType(type.getTokenRange().orElse(null));
                declarator.setType(var);
                nodes.add(var);
            }
        }
    }

    /**
     * The new text's token list, made from the previous one in place: the previous tree's tokens
     * before the body stay, the body's are replaced by copies of the new body's, placed in the new
     * text, and those after it move by what the edit added. The copy of the tree shares the tokens
     * outside the body with the previous tree, whose nodes keep their positions but whose token list
     * is now the new text's, so that it is marked {@link #CONSUMED}.
     */
    private static final class Tokens {
        private final Map<JavaToken, JavaToken> copies = new IdentityHashMap<>();
        private final JavaToken oldOpen;
        private final JavaToken oldClose;
        private final Position oldClosing;
        private final Position bodyStart;
        private final int linesAdded;
        private final int columnsAddedOnClosingLine;

        Tokens(TokenRange oldBody, TokenRange newBody, Position bodyStart) {
            this.bodyStart = bodyStart;
            oldOpen = oldBody.getBegin();
            oldClose = oldBody.getEnd();
            oldClosing = oldClose.getRange().orElseThrow().begin;
            JavaToken before = oldOpen.getPreviousToken().orElseThrow();
            List<JavaToken> removed = new ArrayList<>();
            for (JavaToken token = oldOpen; token != oldClose; token = token.getNextToken().orElseThrow()) {
                removed.add(token);
            }
            removed.add(oldClose);
            removed.forEach(JavaToken::deleteToken);
            JavaToken last = before;
            for (JavaToken token = newBody.getBegin(); ; token = token.getNextToken().orElseThrow()) {
                JavaToken copy = new JavaToken(token.getRange().map(this::inBody).orElse(null), token.getKind(),
                        token.getText(), null, null);
                last.insertAfter(copy);
                copies.put(token, copy);
                // a comment can be met twice (an orphan and a node's): pointing it at its copies again changes nothing
                copies.put(copy, copy);
                last = copy;
                if (token == newBody.getEnd()) {
                    break;
                }
            }
            copies.put(oldOpen, copies.get(newBody.getBegin()));
            copies.put(oldClose, last);
            Position newClosing = last.getRange().orElseThrow().begin;
            linesAdded = newClosing.line - oldClosing.line;
            columnsAddedOnClosingLine = newClosing.column - oldClosing.column;
            for (JavaToken token = last.getNextToken().orElse(null); token != null; token = token.getNextToken().orElse(null)) {
                Range range = token.getRange().orElse(null);
                if (range != null) {
                    if (linesAdded == 0 && range.begin.line > oldClosing.line) {
                        break; // nothing moves past the closing brace's line
                    }
                    token.setRange(new Range(afterBody(range.begin), afterBody(range.end)));
                }
            }
        }

        /** Points a node of the new body at the copies of its tokens, placed in the new text. */
        void retargetInBody(Node node) {
            TokenRange range = node.getTokenRange().orElseThrow();
            JavaToken begin = copies.get(range.getBegin());
            JavaToken end = copies.get(range.getEnd());
            if (begin == null || end == null) {
                // the caller parses the whole text instead: a node left at the body's own positions would be misplaced
                throw new IllegalStateException("a node of the new body has tokens outside it");
            }
            node.setTokenRange(new TokenRange(begin, end));
        }

        /**
         * Points a node of the copy at the new token list, which also gives it its position in the
         * new text: the nodes around the body at the new braces, a node that ends after the body at
         * its moved tokens; a node before the body keeps its tokens and position.
         */
        void retarget(Node node) {
            TokenRange range = node.getTokenRange().orElseThrow();
            JavaToken begin = range.getBegin() == oldOpen ? copies.get(oldOpen) : range.getBegin();
            JavaToken end = range.getEnd() == oldClose ? copies.get(oldClose) : range.getEnd();
            if (begin != range.getBegin() || end != range.getEnd() || moves(node)) {
                node.setTokenRange(new TokenRange(begin, end));
            }
        }

        /** Whether the edit moved where the node begins or ends. */
        private boolean moves(Node node) {
            Range range = node.getRange().orElse(null);
            return range == null || moves(range.begin) || moves(range.end);
        }

        /** Whether a position of the previous text is after the body, on a line that moved or on the body's last line. */
        private boolean moves(Position p) {
            return p.isAfterOrEqual(oldClosing) && (linesAdded != 0 || p.line == oldClosing.line);
        }

        /** A position of the body parsed alone (its {@code {} at line 1, column 1) in the new text. */
        private Range inBody(Range range) {
            return new Range(inBody(range.begin), inBody(range.end));
        }

        private Position inBody(Position p) {
            return new Position(bodyStart.line + p.line - 1, p.line == 1 ? bodyStart.column + p.column - 1 : p.column);
        }

        /** A position after the body in the previous text, moved by what the edit added to the body. */
        private Position afterBody(Position p) {
            return new Position(p.line + linesAdded, p.line == oldClosing.line ? p.column + columnsAddedOnClosingLine : p.column);
        }
    }
}
