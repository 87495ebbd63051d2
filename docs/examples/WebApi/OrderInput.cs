namespace WebApi;

/// <summary>The body of POST /orders.</summary>
public sealed record OrderInput(long ProductId, int Quantity);
