namespace Phantom.Cluster.Admin;

/// <summary>One line of the node log (<c>GET /admin/log</c>).</summary>
/// <param name="Seq">Position in the log since the node started, 1-based and gap-free (older ones may be overwritten).</param>
/// <param name="At">When it was written (UTC).</param>
/// <param name="Level">trace, debug, information, warning, error or critical.</param>
/// <param name="Category">Who wrote it: <c>node</c>, <c>stages</c>, <c>models</c>, <c>tap</c>, an ASP.NET category.</param>
/// <param name="Message">The text.</param>
public sealed record NodeLogLine(long Seq, DateTime At, string Level, string Category, string Message);
