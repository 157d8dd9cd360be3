package io.github.lookernats.bridge.push.fuzz;

import static io.github.lookernats.bridge.push.fuzz.FuzzSupport.excerpt;

import java.nio.charset.StandardCharsets;

/** A rule a case broke, with everything needed to reproduce it. */
record Finding(Kind kind, String problem, FuzzCase fuzzCase, CaseInput input, Answer answer) {

    /** Which rule a finding breaks. */
    enum Kind {
        NO_ANSWER, STACK_TRACE, NOT_JSON, SCHEMA, SERVER_ERROR, UNEXPECTED_REFUSAL, WRONG_REFUSAL, LETTER_COUNT,
        SUMMARY_WITHOUT_SUCCESS, UNEXPECTED_ANSWER, SUMMARY_MISSING, SUMMARY_NOT_STORED, ROW_COUNT, ROW_MISMATCH, NUMBER_PRECISION_LOST, NUMBER_NOT_AS_SHOWN,
        SILENT_EMPTY_SUCCESS
    }

    String describe(long seed) {
        return "case " + fuzzCase.index() + " (-Dfuzz.seed=" + seed + " -Dfuzz.case=" + fuzzCase.index() + ") "
                + kind + ": " + problem + "\n      request: POST " + fuzzCase.path() + " Content-Type: "
                + fuzzCase.contentType() + " " + fuzzCase.headers().keySet() + ", base " + fuzzCase.base()
                + ", mutations " + fuzzCase.steps() + (fuzzCase.served() == null ? ""
                        : ", download served " + fuzzCase.served().status() + " " + fuzzCase.served().contentType()
                                + " " + excerpt(fuzzCase.served().body(), 200))
                + "\n      body (" + fuzzCase.body().length + " bytes): " + excerpt(fuzzCase.body(), 600)
                + "\n      answer: " + answer.status() + " " + excerpt(answer.body().getBytes(StandardCharsets.UTF_8), 400);
    }
}
