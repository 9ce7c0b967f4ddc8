package org.avataroffload.config;

/**
 * A record of the config refused a value: {@code field} names the record component at fault, {@code problem} says what
 * is wrong without naming it. The loader reports it at the field's YAML key and line; anyone else sees an
 * IllegalArgumentException saying {@code <field> <problem>}.
 */
final class InvalidFieldException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    private final String field;
    private final String problem;

    InvalidFieldException(String field, String problem) {
        super(field + " " + problem);
        this.field = field;
        this.problem = problem;
    }

    String field() {
        return field;
    }

    String problem() {
        return problem;
    }

    static void requirePositive(java.time.Duration d, String field) {
        if (d == null || d.isNegative() || d.isZero()) throw new InvalidFieldException(field, "must be positive");
    }
}
