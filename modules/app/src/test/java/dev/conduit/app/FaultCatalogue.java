package dev.conduit.app;

import java.util.List;

/**
 * The catalogue of bad inputs and faults of {@code research/security.md} (b), rows 1 to 44, and where each row is
 * tested: by {@link FaultCatalogTest} itself, or by the named tests that already cover it at a lower level
 * ({@code module/Class#method}, checked to exist by {@link FaultCatalogTest}), or why it is not applicable or not
 * tested yet. One place to read what "the catalogue is covered" means.
 */
final class FaultCatalogue {

  /** How a row is covered. */
  enum Coverage {
    /** {@link FaultCatalogTest} has cases for it (methods named {@code rowNN...}); related tests may be listed too. */
    SUITE,
    /** The listed tests cover it; the suite does not repeat them. */
    MAPPED,
    /** It describes something Conduit does not have; the note says why. */
    NOT_APPLICABLE,
    /** Another engineer is building what it tests; the note says who. */
    PENDING,
    /** Nothing tests it yet; the note says what is missing. */
    GAP
  }

  /** One row: its number, the fault in a few words, how it is covered, the covering tests and a note. */
  record Row(int number, String fault, Coverage coverage, List<String> tests, String note) {
  }

  static final List<Row> ROWS = List.of(
      suite(1, "malformed JSON, trailing garbage, NaN, BOM, wrong Content-Type",
          "app/HttpConventionsTest#aMalformedBodyIsAJsonApi400ThatDoesNotEchoTheBody",
          "app/HttpConventionsTest#trailingContentAfterTheJsonValueIsMalformed",
          "app/HttpConventionsTest#aBodyInAnotherMediaTypeIsAJsonApi415",
          "app/HostileInputTest#aBodyThatIsNotStrictUtf8IsMalformed",
          "app/HostileInputTest#theJsonApiMediaTypeWithAnExtensionOrAnUnknownParameterOrCharsetIs415"),
      suite(2, "body over the 64 KiB limit",
          "app/HttpConventionsTest#aBodyOver64KibIsAJsonApi413",
          "app/SlowClientsTest#aLargeButAllowedBodyIsReadAndAnswered"),
      suite(3, "nesting depth over 1000"),
      suite(4, "duplicate keys",
          "app/HttpConventionsTest#aRepeatedKeyIsMalformedRatherThanLastOneWins"),
      suite(5, "unknown fields (tenant_id, owner_id, owner, status, cred_version)",
          "app/BadInputTest#aBadConnectionIsRefused", "app/BadInputTest#aBadDepositIsRefused"),
      suite(6, "wrong types, numbers as strings, arrays for strings, 1e400, 2^70",
          "app/BadInputTest#aBadDepositIsRefused",
          "app/HostileInputTest#anUnstorableConnectionIsRefusedWithAPointer",
          "app/HostileInputTest#anUnstorableDepositIsRefusedWithAPointer"),
      suite(7, "header over 8 KiB, URL over 4 KiB, many headers; CR/LF in header values and logged values",
          "app/HttpConventionsTest#aRequestIdThatCouldForgeLogLinesIsReplaced",
          "app/LogFormatTest#aQuoteAndANewlineInAValueForgeNeitherAPairNorALine",
          "app/LogFormatTest#controlCharactersInAMessageAreEscaped",
          "app/HostileInputTest#anOwnerClaimWithAQuoteCannotForgeAKeyValuePairInTheLog",
          "app/SlowClientsTest#aConnectionTricklingItsHeadersIsClosed"),
      suite(8, "path traversal and UUID abuse in ids",
          "app/WebhooksApiTest#idsThatAreNotUuidsAreUnknownIds"),
      new Row(9, "missing Authorization, Bearer without a token, two tokens, another scheme", Coverage.SUITE, List.of(
          "app/AuthenticationTest#missingOrMalformedCredentialsAre401",
          "app/AuthenticationTest#eachRefusalSaysWhyInTheChallengeAndTheDetail",
          "app/AuthenticationTest#aValidTokenIsAccepted",
          "app/ApiKeysTest#unknownAndMalformedKeysAreRefusedWithoutBeingQuoted",
          "app/ApiKeysTest#anExpiredKeyIsRefused"),
          "a lower-case scheme ('bearer') is accepted: RFC 7235 makes auth schemes case-insensitive"),
      mapped(10, "alg none with 2 and 3 segments, empty signature, a verifier with zero keys", null,
          "app/AuthenticationTest#unsignedTokensAreRefusedInEveryShape",
          "app/AuthenticationTest#refusesToStartWithoutAUsableKey",
          "app/StartupTest#withADatabaseUrlAJwtKeyIsRequired"),
      suite(11, "HS256 signed with the RSA public key, alg not matching the key, kid payloads, unknown kid",
          "app/AuthenticationTest#aWrongSignatureOrUnacceptedAlgorithmIs401",
          "app/AuthenticationTest#followsJwksRotationAndKeepsTheLastGoodKeysWhenTheJwksFails"),
      mapped(12, "expired, exp = now, future nbf/iat beyond leeway, missing exp",
          "exp = now is accepted within auth.clock-skew (PT30S), the bounded leeway of row 35",
          "app/AuthenticationTest#expiredTokensAndTokensWithoutExpiryAre401",
          "app/AuthenticationTest#eachRefusalSaysWhyInTheChallengeAndTheDetail"),
      suite(13, "wrong iss (trailing slash), aud missing, other, or an array without us",
          "app/AuthenticationTest#tokensForAnotherIssuerOrAudienceAre401"),
      suite(14, "embedded jwk, jku, x5c, x5u headers"),
      suite(15, "oversized token, non-base64url, padding",
          "app/AuthenticationTest#missingOrMalformedCredentialsAre401"),
      new Row(16, "another tenant's connection, webhook, delivery or connect session", Coverage.SUITE, List.of(
          "app/TenantIsolationTest#listShowsOnlyTheCallersConnections",
          "app/WebhooksApiTest#anotherOwnerCanNeitherSeeNorTestNorDeleteAnEndpoint",
          "app/ConnectSessionsApiTest#aReconnectSessionForAnotherOwnersConnectionIsNotFound",
          "app/AuditTrailTest#anOwnerNeverSeesAnotherOwnersEntries",
          "vault/VaultServiceTest#revokedDeletedPendingAndOtherOwnersConnectionsAreNotVended",
          "app/ApiKeysTest#anotherOwnersKeyIsNotFound",
          "app/ProxyTest#bobsCallToAlicesConnectionIsTheNotFoundOfARandomId",
          "app/EventsApiTest#anOwnerSeesOnlyItsOwnEventsAndCannotResumeFromAnothers"),
          "routes with ids are walked from the OpenAPI document (api-key ids included); events are owner-scoped by their own test"),
      mapped(17, "the same sub from two issuers",
          "Conduit trusts one key source (auth.hs256-secret, auth.public-key or auth.jwks-url) and at most one issuer"
              + " (auth.issuer); a token of any other issuer is 401, so one sub cannot arrive from two issuers",
          "app/AuthenticationTest#tokensForAnotherIssuerOrAudienceAre401",
          "app/AuthenticationTest#theOwnerComesFromTheConfiguredClaim"),
      mapped(18, "tenant GUC unset, pooled-connection reuse, app role owner or BYPASSRLS", null,
          "store/RowLevelSecurityTest#withTheOwnerConditionLeftOutAnOwnerSeesOnlyItsOwnRowsInEveryOwnerTable",
          "store/RowLevelSecurityTest#withNoOwnerNamedNoRowIsSeenEvenOnAConnectionThatServedAnOwnerBefore",
          "store/RowLevelSecurityTest#aConnectionReusedByAnotherOwnerCarriesNothingOfTheFirst",
          "store/RowLevelSecurityTest#startUpCheckRefusesAnApplicationRoleThatBypassesRowSecurityOrIsASuperuser",
          "app/StartupTest#aTableWithAnOwnerColumnWithoutForcedRowSecurityStopsStartUpNamingIt"),
      mapped(19, "ciphertext copied to another tenant, row, field or version", null,
          "app/SecretHygieneTest#aCiphertextMovedToAnotherRowDoesNotOpen",
          "app/SecretHygieneTest#aCiphertextFromAnotherSecretVersionDoesNotOpen",
          "vault/VaultServiceTest#aSealFromAnotherKeysetIsALoudSpecificErrorLoggedWithTheRequestIdAndNoSecret",
          "vault/WebhookSecretsTest#theReplacedCiphertextPutBackAsTheCurrentOneDoesNotOpen"),
      mapped(20, "truncated, empty, flipped-bit ciphertext", null,
          "vault/VaultServiceTest#anAlteredCiphertextDoesNotOpen"),
      mapped(21, "keyset missing, unreadable, no primary, wrong key type, disabled key", null,
          "vault/VaultKeysTest#refusesAMissingFileNamingIt",
          "vault/VaultKeysTest#refusesGarbageWithoutEchoingIt",
          "vault/VaultKeysTest#refusesAPrimaryThatIsNotAes256Gcm",
          "vault/VaultKeysTest#refusesAnEmptyValue",
          "app/StartupTest#aKeysetThatIsNotTinkJsonIsRefusedWithoutShowingIt",
          "app/WrongKeysetTest#anUnrelatedKeysetIsRefusedNamingTheMissingKeyAndNothingIsWritten",
          "app/WrongKeysetTest#aKeysetWhoseKeyForStoredRowsIsDisabledIsRefused"),
      mapped(22, "key rotation: old keyset, disabled before rewrap, rewrap killed halfway", null,
          "app/KeyRotationTest#rotateThenRewrapKeepsEverySecretAndRetiresTheOldKey",
          "app/KeyRotationTest#anInterruptedRewrapResumesAndTouchesEachRowOnce",
          "app/KeyRotationTest#withoutTheOldKeyUnrewrappedRowsReportThemselvesInsteadOfVanishing",
          "app/WrongKeysetTest#aRotatedKeysetThatStillHoldsTheOldKeyStarts",
          "vault/WebhookSecretsTest#rewrapAndTheKeysetCheckStillWorkForARotatedEndpoint"),
      new Row(23, "Vault transit below min_decryption_version, Vault sealed", Coverage.NOT_APPLICABLE, List.of(),
          "Conduit has no Vault transit: the key-encryption keyset is local (vault.keyset), loaded at start-up"),
      mapped(24, "token endpoint invalid_grant, invalid_scope, invalid_client, unauthorized_client", null,
          "refresh/TokenResponseParserTest#classifiesErrorsByWhoIsAtFault",
          "app/RefreshOnReadTest#aDeadRefreshTokenFlipsToNeedsReauthWithAnOutboxEventAndABusEvent",
          "app/RefreshOnReadTest#aProviderThatRefusesOurClientRaisesAnAlarmAndLeavesTheConnectionAlone"),
      mapped(25, "token endpoint 5xx, 429 with and without Retry-After, timeouts, resets",
          "TLS failures and NXDOMAIN are not exercised separately; they take the same transient path as a reset",
          "refresh/TokenResponseParserTest#everythingElseIsTransient",
          "refresh/TokenResponseParserTest#honoursRetryAfterOn429",
          "app/RefreshOnReadTest#transientFailuresLeaveTheStatusAndServeTheOldTokenWhileValid",
          "app/RefreshOnReadTest#retryAfterPushesTheNextAttemptBack",
          "app/RefreshOnReadTest#anInvalidGrantAfterALostAnswerIsReportedAsLostInFlight",
          "refresh/RefreshInFlightTest#aRefreshTokenRefusedAfterAReplicaDiedMidCallWasLostInFlight"),
      mapped(26, "200 with an error, HTML, an empty body, no access_token", null,
          "refresh/TokenResponseParserTest#anErrorInA200AnswerIsAnError",
          "refresh/TokenResponseParserTest#everythingElseIsTransient"),
      mapped(27, "form-encoded answer, token_type bearer, unknown fields", null,
          "refresh/TokenResponseParserTest#readsAStandardJsonAnswer",
          "refresh/TokenResponseParserTest#readsAFormEncodedAnswer",
          "app/RefreshOnReadTest#aFormEncodedAnswerIsUnderstood"),
      mapped(28, "expires_in missing, string, 0, negative, 1e400; refresh_token missing or rotated; narrowed scope",
          null,
          "refresh/TokenResponseParserTest#takesExpiresInAsAStringButIgnoresAbsurdValues",
          "refresh/TokenResponseParserTest#scopesMayComeAsAnArray",
          "app/RefreshOnReadTest#aRotatedRefreshTokenIsUsedNextTime",
          "app/RefreshOnReadTest#anOmittedRefreshTokenKeepsTheOldOne"),
      new Row(29, "token endpoint answer over the cap, slow-loris answer, 3xx to an internal address",
          Coverage.SUITE, List.of(), "a slow answer is played as one that comes after refresh.timeout"),
      mapped(30, "client secret with : + % / for client_secret_basic", null,
          "app/RefreshOnReadTest#aStaleTokenIsRefreshedBeforeItIsVended"),
      mapped(31, "crash around the provider call, the inbox and the outbox", null,
          "app/RefreshInFlightTest#aRefreshLostInAKillIsReportedAsLostInFlight",
          "refresh/RefreshInFlightTest#theRefreshTokenIsMarkedAsSentBeforeTheCallAndTheMarkEndsWithTheAnswer",
          "app/RefreshSweepTest#aReplicaKilledMidSweepLosesNothing",
          "app/ScaleOutFailoverTest#aReplicaKilledMidSweepLosesNothingAndTheOthersTakeOverItsClaims",
          "store/RevokeDuringCommitTest#aRevokeHandsOnTheRefreshTokenACommitStoredWhileItRan",
          "app/WebhookRestartTest#anEventWrittenBeforeARestartIsDeliveredAfterIt",
          "app/AuditCrashTest#aCrashLosesAtMostTheEntriesOfTheLastFlushInterval"),
      mapped(32, "100 parallel vends near expiry, 2 nodes, a lease expiring mid-call", null,
          "refresh/RefreshVerticleTest#concurrentRefreshesOfOneConnectionShareOneProviderCall",
          "refresh/RefreshVerticleTest#aClaimHeldByAnotherReplicaIsWaitedForThenGivenUpAsTransient",
          "app/RefreshSweepTest#twoHundredConcurrentVendsOnTwoReplicasMakeOneProviderCall"),
      mapped(33, "refresh-token reuse detection at the provider",
          "the provider's reuse rules are its own; Conduit's part is to present only the newest refresh token and to"
              + " treat a refused one as dead (needs_reauth) or lost in flight",
          "app/RefreshOnReadTest#aRotatedRefreshTokenIsUsedNextTime",
          "refresh/RefreshVerticleTest#aDeadRefreshTokenLeavesTheVaultAnsweringNeedsReauth",
          "refresh/RefreshInFlightTest#aRefreshTokenRefusedAfterAnAnsweredFailureIsSimplyDead"),
      new Row(34, "database outage during a request", Coverage.SUITE, List.of(
          "app/DatabaseOutageTest#aFrozenDatabaseIsAnswered503WithinTheBoundAndRecovers",
          "app/DatabaseOutageTest#aDatabaseThatRefusesConnectionsIsAnswered503AndRecovers",
          "store/DatabaseTest#aFailedStatementIsTheCallersFailureAndATransactionRollsBackAsAWhole",
          "store/DatabaseTest#connectionLevelFailuresAreUnavailableAndStatementFailuresAreNot",
          "vault/ChangeFeedTest#losingTheConnectionIsReportedAndRepaired"),
          "pool exhaustion and serialization failures are not exercised"),
      mapped(35, "node clock skewed by 5 minutes",
          "JWT time claims are checked with the bounded auth.clock-skew; webhook timestamps and token expiries are"
              + " computed from the server's own clock",
          "app/AuthenticationTest#eachRefusalSaysWhyInTheChallengeAndTheDetail"),
      new Row(36, "OAuth callback with replayed, foreign, expired or missing state; access_denied; wrong iss",
          Coverage.SUITE, List.of(
          "app/OAuthFlowTest#theWholeFlowConnectsTheAccountAndTheServersTokensAreVendedAndRefreshed",
          "app/OAuthFlowTest#anExpiredStateIsRefusedAndChangesNothing",
          "app/OAuthFlowTest#unknownOrIncompleteCallbacksGetAPage",
          "app/OAuthFlowTest#accessDeniedGetsAClearPageOrTheRedirectAndChangesNothing",
          "app/OAuthFlowTest#anIssuerOfAnotherServerIsRefused",
          "refresh/IssuerCheckTest#anotherServerIsRefused"), null),
      mapped(37, "PKCE verifier length and characters, plain method",
          "Conduit makes the verifier itself (never an input) and only ever sends S256",
          "core/DigestsTest#pkceChallengeOfTheRfcExample",
          "app/OAuthFlowTest#aWrongPkceVerifierIsRefusedByTheServerAndChangesNothing"),
      mapped(38, "provider revocation answers", null,
          "app/RefreshOnReadTest#revokingAsksTheProviderToRevokeTheRefreshToken",
          "app/RefreshInFlightTest#aRevokeWhileTheProviderIsSlowRevokesTheNewRefreshToken",
          "refresh/RefreshInFlightTest#aRevokeAfterTheRefreshRevokesTheRefreshTokenItStored"),
      suite(39, "webhook URL spellings of loopback, private, metadata and reserved addresses",
          "notify/UrlGuardTest#numericHostsInOtherSpellingsAreRefused",
          "notify/UrlGuardTest#metadataLinkLocalAndReservedTargetsAreRefusedEvenWhenPrivateTargetsAreAllowed",
          "notify/UrlGuardTest#loopbackAndPrivateTargetsAreRefusedUnlessAllowed",
          "notify/UrlGuardTest#theSchemeMustBeHttpsUnlessInsecureIsAllowed",
          "notify/UrlGuardTest#onlyAllowedPortsUnlessPrivateTargetsAreAllowed",
          "app/WebhookDeliveryTest#theUrlIsCheckedAgainBeforeEachDelivery",
          "app/ProxyTest#metadataThatWouldLeaveItsPathSegmentIsRefused"),
      mapped(40, "DNS rebinding, a private address among several, a redirect to an internal address", null,
          "app/WebhookDeliveryTest#theUrlIsCheckedAgainBeforeEachDelivery",
          "app/WebhookDeliveryTest#aRedirectIsAFailureAndIsNotFollowed",
          "notify/UrlGuardTest#theTargetIsTheCheckedAddressWithTheUrlsHostAndPort",
          "notify/DeliveryDispatcherTest#httpsGoesToTheCheckedAddressWithTheUrlsHostAsServerNameAndHostHeader"),
      mapped(41, "receiver answers 2xx, 3xx, 404, 410, 429, 5xx, hangs, resets", null,
          "app/WebhookDeliveryTest#aReceiverThatFailsTwiceGetsTheEventOnTheThirdAttemptWithTheSameWebhookId",
          "app/WebhookDeliveryTest#aRedirectIsAFailureAndIsNotFollowed",
          "app/WebhookDeliveryTest#retryAfterIsHonoured",
          "app/WebhookDeliveryTest#aReceiverThatDoesNotAnswerInTimeIsRetried",
          "app/WebhookDeliveryTest#aGoneAnswerDisablesTheEndpointUntilTheOwnerTestsIt",
          "notify/DeliveryDispatcherTest#aReceiversRetryAfterPushesTheNextAttemptLater",
          "notify/DeliveryDispatcherTest#aReceiverAnswering410GoneDisablesItsEndpointAndTheDeliveryFails"),
      mapped(42, "an endpoint failing for days", null,
          "app/WebhookDeliveryTest#aDeliveryThatUsesUpItsScheduleFailsAndMarksItsEndpointFailed"),
      new Row(43, "signing secret rotation, a short secret, an event id with a dot", Coverage.SUITE, List.of(
          "app/WebhookSecretRotationTest#"
              + "duringTheOverlapReceiversWithTheOldOrTheNewSecretBothAcceptAndAfterItOnlyTheNewOne",
          "app/WebhookSecretRotationTest#aSecondRotationDuringTheOverlapSignsWithTheLastTwoSecretsOnly"),
          "secrets are made by Conduit (32 random bytes; a caller's secret attribute is refused) and event ids are"
              + " UUIDs, so a short secret or a dotted id cannot occur"),
      new Row(44, "canary secrets in logs, traces, webhook bodies, error bodies", Coverage.MAPPED, List.of(
          "app/SecretHygieneTest#noLogLineOrErrorAndNoDatabaseRowHoldsADepositedSecret",
          "app/WebhookDeliveryTest#noWebhookBodyLogLineOrApiAnswerCarriesTokenMaterial",
          "app/WebhookSecretRotationTest#theRotationIsAuditedAndNoSecretAppearsInALogLineOrAnyOtherAnswer",
          "refresh/RefreshVerticleTest#theRefreshModulesLogLinesCarryTheRequestIdAndNoToken",
          "app/ApiKeysTest#theKeyIsShownOnceAndNeverAgainNorLogged",
          "app/ProxyTest#noTokenMaterialInAnyLogLine"),
          "API keys and the proxy have their own canary checks"));

  /** Parts of covered rows that belong to work other engineers are doing now: to be cased when it lands. */
  record PendingElsewhere(List<Integer> rows, String work, String what) {
  }

  static final List<PendingElsewhere> PENDING_ELSEWHERE = List.of();

  private FaultCatalogue() {
  }

  private static Row suite(int number, String fault, String... related) {
    return new Row(number, fault, Coverage.SUITE, List.of(related), null);
  }

  private static Row mapped(int number, String fault, String note, String... tests) {
    return new Row(number, fault, Coverage.MAPPED, List.of(tests), note);
  }
}
