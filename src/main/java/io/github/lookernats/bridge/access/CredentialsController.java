package io.github.lookernats.bridge.access;

import io.github.lookernats.camel.audit.AuditTrail;
import io.github.lookernats.camel.audit.GrantRecord;
import jakarta.servlet.http.HttpServletRequest;
import java.time.Duration;
import java.util.List;
import java.util.SortedSet;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.CacheControl;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code POST /access/nats-credentials}: a {@code .creds} file for the holder of a valid OIDC bearer token, allowed
 * to read their teams' events (docs/access-control.md, "Operator mode"). Each grant is in the audit trail before the
 * credentials leave; when it cannot be stored the answer is 503 without them.
 */
@RestController
public class CredentialsController {

    public static final String PATH = "/access/nats-credentials";
    /** Response headers, for clients that do not read the JWT. */
    public static final String INBOX_PREFIX = "Nats-Inbox-Prefix";
    public static final String STREAMS = "Nats-Streams";
    public static final String SUBJECTS = "Nats-Subjects";
    public static final String EXPIRES = "Nats-Expires";
    public static final String JWT_ID = "Nats-Jwt-Id";

    private static final Logger LOG = LoggerFactory.getLogger(CredentialsController.class);
    /** The request carries nothing in its body; more than this is refused unread. */
    private static final long MAX_BODY = 1024;

    private final BearerTokenVerifier verifier;
    private final CallerGroups groups;
    private final TeamAccess teams;
    private final UserCredentialsIssuer issuer;
    private final AuditTrail audit;
    private final CredentialRefusals refusals;
    private final CredentialsProperties properties;

    CredentialsController(BearerTokenVerifier verifier, CallerGroups groups, TeamAccess teams, UserCredentialsIssuer issuer,
            AuditTrail audit, CredentialRefusals refusals, CredentialsProperties properties) {
        this.verifier = verifier;
        this.groups = groups;
        this.teams = teams;
        this.issuer = issuer;
        this.audit = audit;
        this.refusals = refusals;
        this.properties = properties;
    }

    @PostMapping(path = PATH)
    public ResponseEntity<String> issue(@RequestHeader(name = HttpHeaders.AUTHORIZATION, required = false) String authorization,
            @RequestParam(name = "ttl", required = false) String ttl, HttpServletRequest request) {
        try {
            if (request.getContentLengthLong() > MAX_BODY) {
                throw new CredentialRefusal(HttpStatus.CONTENT_TOO_LARGE, "body-too-large", "This request takes no body");
            }
            Jwt token = verifier.verify(authorization);
            Caller caller = Caller.of(token);
            if (caller.subject() == null || caller.subject().isBlank()) {
                // a grant must name who it was for
                throw new CredentialRefusal(HttpStatus.UNAUTHORIZED, "missing-subject", "The token names no subject (sub)");
            }
            SortedSet<String> readable = teams.readableBy(groups.of(token));
            if (readable.isEmpty()) {
                throw new CredentialRefusal(HttpStatus.FORBIDDEN, "no-team",
                        "None of your groups may read any team's events", caller.subject());
            }
            IssuedCredentials issued = issue(caller, readable, lifetime(ttl, caller));
            return ResponseEntity.ok()
                    .contentType(MediaType.TEXT_PLAIN)
                    .cacheControl(CacheControl.noStore())
                    .header(INBOX_PREFIX, issued.inboxPrefix())
                    .header(STREAMS, String.join(",", issued.streams()))
                    .header(SUBJECTS, String.join(",", issued.teams().stream().map(teams::eventSubjects).toList()))
                    .header(EXPIRES, issued.expiresAt().toString())
                    .header(JWT_ID, issued.jwtId())
                    .body(issued.creds());
        } catch (CredentialRefusal refusal) {
            refusals.record(refusal);
            return RefusalResponses.of(refusal);
        }
    }

    private IssuedCredentials issue(Caller caller, SortedSet<String> readable, Duration lifetime) {
        IssuedCredentials issued;
        try {
            issued = issuer.issue(caller, readable, lifetime);
        } catch (Exception e) {
            LOG.error("Could not issue NATS credentials: {}", e.toString());
            throw new CredentialRefusal(HttpStatus.INTERNAL_SERVER_ERROR, "issue-failed", "Credentials could not be issued",
                    caller.subject());
        }
        try {
            audit.grant(new GrantRecord(caller.subject(), caller.email(), issued.name(), List.copyOf(issued.teams()),
                    issued.permissions().publish(), issued.permissions().subscribe(), issued.jwtId(), issued.userKey(),
                    issued.expiresAt(), issued.signingKey()));
        } catch (Exception e) {
            if (e instanceof InterruptedException) {
                Thread.currentThread().interrupt();
            }
            LOG.warn("A credential grant could not be stored in the audit trail, so it was not handed out: {}", e.getMessage());
            throw new CredentialRefusal(HttpStatus.SERVICE_UNAVAILABLE, "audit-unavailable",
                    "The grant could not be recorded in the audit trail; no credentials were issued. Try again later",
                    caller.subject());
        }
        return issued;
    }

    /** The configured ttl, or the request's {@code ttl} (seconds), up to {@code max-ttl}. */
    private Duration lifetime(String ttl, Caller caller) {
        if (ttl == null || ttl.isBlank()) {
            return properties.ttl();
        }
        long seconds;
        try {
            seconds = Long.parseLong(ttl.trim());
        } catch (NumberFormatException e) {
            seconds = -1;
        }
        if (seconds < 1 || seconds > properties.maxTtl().toSeconds()) {
            throw new CredentialRefusal(HttpStatus.BAD_REQUEST, "bad-ttl",
                    "ttl must be a number of seconds from 1 to " + properties.maxTtl().toSeconds(), caller.subject());
        }
        return Duration.ofSeconds(seconds);
    }
}
