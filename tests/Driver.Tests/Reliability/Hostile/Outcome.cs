namespace Driver.Tests.Reliability;

/// <summary>How a hostile session ended (issue 13's classes).</summary>
public enum Outcome
{
    /// <summary>The rows and values equal the unmutated answer; the INSERT reported 1 row and wrote it.</summary>
    Correct,
    /// <summary>A HanaException (or subclass): what the driver promises for anything the wire causes.</summary>
    Documented,
    /// <summary>Any other exception escaping a public member.</summary>
    Raw,
    /// <summary>Not done within Connect Timeout + Command Timeout + the cancel grace + a margin.</summary>
    Hang,
    /// <summary>No exception, but rows, values or counts are wrong.</summary>
    SilentWrong,
    /// <summary>
    /// Garbage or flipped bits inside value bytes: the rows and counts are right but a value differs. No driver can
    /// detect this (the protocol has no checksum); counted apart and not held against the driver.
    /// </summary>
    UndetectableCorruption,
}
