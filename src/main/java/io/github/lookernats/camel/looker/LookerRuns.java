package io.github.lookernats.camel.looker;

import io.github.lookernats.camel.run.LookerSource;
import io.github.lookernats.camel.run.RowSource;

/**
 * What the {@code looker} component needs from a Looker API client. The bridge application provides one bound to
 * {@code bridge.looker.*}; the component finds it in the registry.
 */
public interface LookerRuns {

    /** The Look's or query's model, explore, title and owner, as Looker describes them. */
    LookerSource describe(PollSpec spec);

    /** Runs the source and streams its result, one row at a time; the caller closes the rows. */
    RowSource open(PollSpec spec, LookerSource source);
}
