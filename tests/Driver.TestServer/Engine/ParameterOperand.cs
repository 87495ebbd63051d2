namespace Driver.TestServer.Engine;

/// <summary>
/// What a parameter marker stands next to, which HANA uses to type it: a column (<see cref="Column"/>, optionally
/// qualified) or a typed expression (a numeric literal or CAST, <see cref="Type"/>). <see cref="Arithmetic"/> is set
/// when the operator is + - * /, whose operand only types the parameter when it is numeric.
/// </summary>
internal sealed record ParameterOperand(string? Qualifier, string? Column, DeclaredType? Type, bool Arithmetic);
