#if ASYNC
namespace Driver.Async;
#else
namespace Driver.Sync;
#endif

/// <summary>Handles <see cref="HanaDataAdapter.RowUpdated"/>.</summary>
public delegate void HanaRowUpdatedEventHandler(object sender, HanaRowUpdatedEventArgs e);
