namespace Driver.Core.Auth;

/// <summary>A method name with its data: one offer of an AUTHENTICATE request, or a whole AUTHENTICATE / CONNECT reply (§8.1).</summary>
internal sealed class AuthMethodData
{
    public AuthMethodData(byte[] methodName, byte[] data)
    {
        MethodName = methodName;
        Data = data;
    }

    /// <summary>The method name as sent (ASCII, e.g. SCRAMSHA256).</summary>
    public byte[] MethodName { get; }

    public byte[] Data { get; }

    /// <summary>The method name for messages (printable ASCII only).</summary>
    public string Method => AuthMethodNames.Describe(MethodName);

    public bool TryGetScramMethod(out ScramMethod method) => AuthMethodNames.TryParse(MethodName, out method);

    public override string ToString() => $"{Method} ({Data.Length} bytes)";
}
