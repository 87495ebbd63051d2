namespace Driver.Soak;

/// <summary>A call completed without error but its rows or counts were wrong (a silent wrong result).</summary>
internal sealed class WrongResultException(string message) : Exception(message);
