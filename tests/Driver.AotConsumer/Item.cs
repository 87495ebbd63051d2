namespace Driver.AotConsumer;

/// <summary>A row mapped by Query&lt;T&gt; / Map&lt;T&gt;: a positional record, as applications write them.</summary>
public sealed record Item(int Id, string Name, decimal Price);
