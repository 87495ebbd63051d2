#if ASYNC
namespace Driver.Async;
#else
namespace Driver.Sync;
#endif

/// <summary>Handles <see cref="HanaBulkCopy.HanaRowsCopied"/>.</summary>
public delegate void HanaRowsCopiedEventHandler(object sender, HanaRowsCopiedEventArgs e);
