#if ASYNC
namespace Driver.Async;
#else
namespace Driver.Sync;
#endif

/// <summary>Handles <see cref="HanaDataAdapter.RowUpdating"/>.</summary>
public delegate void HanaRowUpdatingEventHandler(object sender, HanaRowUpdatingEventArgs e);
