namespace Driver.Core.Net;

/// <summary>
/// Explains an expired deadline of the sync transport, asked only when one expires: the message names the timeout and
/// the stage, and building it for every request cost two strings a round trip (issue 18's allocations per select).
/// </summary>
internal interface ITimeoutReason
{
    string Describe();
}
