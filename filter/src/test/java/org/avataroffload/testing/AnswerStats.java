package org.avataroffload.testing;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import org.avataroffload.testing.NioHttp.Answer;

/** What load tables say about a set of answers: latency percentiles and counts by outcome. */
public final class AnswerStats {
    private AnswerStats() {
    }

    /** The q-th quantile (0..1) of the latency of every exchange that got a status, in ms; NaN when none did. */
    public static double percentileMillis(List<Answer> answers, double q) {
        long[] micros = answers.stream().filter(a -> a.status() != 0).mapToLong(Answer::micros).sorted().toArray();
        if (micros.length == 0) return Double.NaN;
        int index = Math.min(micros.length - 1, Math.max(0, (int) Math.ceil(micros.length * q) - 1));
        return micros[index] / 1000.0;
    }

    /** How many ended with each status or error. */
    public static Map<String, Integer> outcomes(List<Answer> answers) {
        Map<String, Integer> counts = new TreeMap<>();
        for (Answer answer : answers) counts.merge(answer.outcome(), 1, Integer::sum);
        return counts;
    }

    public static long notOk(List<Answer> answers) {
        return answers.stream().filter(a -> !a.ok()).count();
    }
}
