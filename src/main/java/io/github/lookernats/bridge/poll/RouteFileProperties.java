package io.github.lookernats.bridge.poll;

import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * What route files may do besides instantiating the bridge's templates and using in-process endpoints. Teams edit
 * route files, so each switch hands them a power the operator grants knowingly; all are off by default. See
 * docs/route-files.md.
 *
 * @param allowBeans let route files declare {@code beans}, call beans ({@code bean} and {@code process} steps, the
 *     {@code method} and {@code ref} languages, {@code #bean:}, {@code #class:} and {@code #type:} references) and
 *     name Java classes or registry beans in attributes such as {@code aggregationStrategy}
 * @param allowScripts let route files use languages that run code (groovy, java, joor, js, python, spel, ...) and the
 *     Simple functions that reach beyond the message ({@code ${exchange...}}, OGNL method calls, {@code load(...)})
 * @param allowedSchemes endpoint schemes route files may use besides the in-process ones (direct, seda, log, timer,
 *     quartz, scheduler), e.g. {@code kamelet} or {@code http}; each reaches outside the bridge or runs code
 */
@Validated
@ConfigurationProperties("bridge.routes")
public record RouteFileProperties(
        @DefaultValue("false") boolean allowBeans,
        @DefaultValue("false") boolean allowScripts,
        @DefaultValue @NotNull List<@NotNull @Pattern(regexp = "[A-Za-z][A-Za-z0-9+.-]*",
                message = "must be a component scheme such as 'http', without ':'") String> allowedSchemes) {

    /** Nothing beyond the defaults. */
    public static RouteFileProperties defaults() {
        return new RouteFileProperties(false, false, List.of());
    }
}
