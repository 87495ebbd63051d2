namespace Driver.Core.Protocol;

/// <summary>FETCHOPTIONS option ids (protocol sheet §6.12).</summary>
internal enum FetchOptionId : sbyte
{
    ResultSetPos = 1,
}
