package dev.seclens.rules.taint;

import java.util.ArrayDeque;
import java.util.Deque;

/**
 * What the exceptions a method throws carry, for one run of {@link MethodInterpreter}: a {@code throw}
 * or a call whose summary throws hands its value to the innermost enclosing {@code try} that has
 * {@code catch} clauses (whose parameter then holds it, so {@code e.getMessage()} carries it), or,
 * outside every such {@code try}, to the method's summary ({@link MethodSummary#thrown()}).
 * The catch clauses' types are not compared with what is thrown: a {@code catch} receives whatever
 * its {@code try} block may throw.
 */
final class Exceptions {
    private final Deque<Value> open = new ArrayDeque<>();
    private Value escaping = Value.CLEAN;

    void raise(Value thrown) {
        if (open.isEmpty()) {
            escaping = escaping.join(thrown.flat());
        } else {
            open.push(open.pop().join(thrown.flat()));
        }
    }

    /** A {@code try} block with catch clauses starts: what it throws is theirs. */
    void enterTry() {
        open.push(Value.CLEAN);
    }

    /** The {@code try} block ended: what its catch clauses receive. */
    Value leaveTry() {
        return open.pop();
    }

    /** What leaves the method. */
    Value escaping() {
        return escaping;
    }
}
