using Driver.Core.Auth;

namespace Driver.TestServer.Protocol;

/// <summary>The AUTHENTICATION part of a CONNECT request: <c>[user, method, proof]</c> (§8.1).</summary>
internal sealed class ConnectRequest
{
    public ConnectRequest(byte[] user, byte[] methodName, byte[] proof)
    {
        User = user;
        MethodName = methodName;
        Proof = proof;
    }

    public byte[] User { get; }
    public string UserName => AuthPayloads.DecodeText(User);
    public byte[] MethodName { get; }
    public string Method => AuthMethodNames.Describe(MethodName);

    /// <summary>The proof field (for SCRAM a nested list holding the 32-byte client proof, §8.2).</summary>
    public byte[] Proof { get; }

    public bool TryGetScramMethod(out ScramMethod method) => AuthMethodNames.TryParse(MethodName, out method);

    public override string ToString() => $"CONNECT {UserName} {Method}";
}
