package io.github.lookernats.bridge.emulator;

import tools.jackson.databind.node.ObjectNode;
import java.io.IOException;

/** Metadata reads: looks, queries, users, scheduled plans. All honour the {@code fields} parameter. */
final class ContentEndpoints {

    private final TheLook catalog;
    private final Representations representations;

    ContentEndpoints(TheLook catalog, Representations representations) {
        this.catalog = catalog;
        this.representations = representations;
    }

    void look(ApiCall call) throws IOException {
        TheLook.Look look = catalog.look(call.pathParam("look_id")).orElseThrow(ApiException::notFound);
        send(call, representations.look(look));
    }

    void query(ApiCall call) throws IOException {
        TheLook.SavedQuery query = catalog.query(call.pathParam("query_id")).orElseThrow(ApiException::notFound);
        send(call, representations.query(query.spec()));
    }

    void user(ApiCall call) throws IOException {
        TheLook.User user = catalog.user(call.pathParam("user_id")).orElseThrow(ApiException::notFound);
        send(call, representations.user(user));
    }

    void scheduledPlan(ApiCall call) throws IOException {
        TheLook.ScheduledPlan plan = catalog.scheduledPlan(call.pathParam("scheduled_plan_id")).orElseThrow(ApiException::notFound);
        send(call, representations.scheduledPlan(plan));
    }

    /** GET /user: every token belongs to the API user. */
    void me(ApiCall call) throws IOException {
        send(call, representations.user(catalog.user(TheLook.API_USER_ID).orElseThrow()));
    }

    private static void send(ApiCall call, ObjectNode body) throws IOException {
        call.sendJson(200, Representations.onlyFields(body, call.queryParam("fields")));
    }
}
