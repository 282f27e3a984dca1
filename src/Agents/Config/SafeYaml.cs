using YamlDotNet.Core;
using YamlDotNet.Core.Events;
using YamlDotNet.RepresentationModel;

namespace RlLab.Agents.Config;

/// <summary>
/// Loads every YAML RlLab reads (experiments, --set values, stored config.yaml) within limits, so a
/// hostile file is one error rather than a hang or a crash: nesting depth (100k nested '[' overflow
/// the stack while the tree is built), node count, and the size after alias expansion (a "billion
/// laughs" file is a few lines whose aliases expand to 10^9 nodes when the config is read).
/// </summary>
public static class SafeYaml
{
    public const int MaxDepth = 64;
    /// <summary>Far above any experiment (a few hundred nodes), far below what takes memory or time to walk.</summary>
    public const int MaxNodes = 100_000;

    public static YamlStream Load(string text) => Load(new Parser(new StringReader(text)));

    /// <summary>Throws <see cref="YamlException"/> (with the position) past a limit.</summary>
    public static YamlStream Load(IParser parser)
    {
        var stream = new YamlStream();
        stream.Load(new LimitedParser(parser));
        foreach (YamlDocument document in stream.Documents)
            ExpandedSize(document.RootNode, new Dictionary<YamlNode, long>(ReferenceEqualityComparer.Instance), 0);
        return stream;
    }

    /// <summary>Counts events and depth as they stream by, before any recursive tree is built.</summary>
    sealed class LimitedParser(IParser inner) : IParser
    {
        int depth, nodes;
        public ParsingEvent? Current => inner.Current;

        public bool MoveNext()
        {
            bool more = inner.MoveNext();
            switch (inner.Current)
            {
                case MappingStart or SequenceStart:
                    if (++depth > MaxDepth) throw new YamlException(inner.Current.Start, inner.Current.End, $"nested deeper than {MaxDepth} levels");
                    Count();
                    break;
                case MappingEnd or SequenceEnd:
                    depth--;
                    break;
                case Scalar or AnchorAlias:
                    Count();
                    break;
            }
            return more;
        }

        void Count()
        {
            if (++nodes > MaxNodes) throw new YamlException(inner.Current!.Start, inner.Current.End, $"more than {MaxNodes:N0} values");
        }
    }

    /// <summary>The node count with every alias expanded, memoised per node (aliases share the anchored node).</summary>
    static long ExpandedSize(YamlNode node, Dictionary<YamlNode, long> sizes, int depth)
    {
        if (sizes.TryGetValue(node, out long known)) return known;
        if (depth > MaxDepth) throw new YamlException(node.Start, node.End, $"aliases nest deeper than {MaxDepth} levels");
        sizes[node] = MaxNodes + 1L; // an alias inside its own anchor counts as too big
        IEnumerable<YamlNode> children = node switch
        {
            YamlMappingNode map => map.Children.SelectMany(p => new[] { p.Key, p.Value }),
            YamlSequenceNode list => list.Children,
            _ => [],
        };
        long total = 1;
        foreach (YamlNode child in children)
        {
            total += ExpandedSize(child, sizes, depth + 1);
            if (total > MaxNodes) throw new YamlException(node.Start, node.End, $"its aliases expand to more than {MaxNodes:N0} values");
        }
        return sizes[node] = total;
    }
}
