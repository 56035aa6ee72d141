package dev.seclens.rules.taint;

import com.github.javaparser.ast.Node;

/** Untrusted data that reaches a sink: {@code at} is the argument in this file where it enters. */
public record Flow(Node at, Taint taint, SinkHit sink, boolean sinkMatchedByNameOnly) {
}
