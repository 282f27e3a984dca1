namespace RlLab.Leaderboard.League;

/// <summary>A skill belief: the mean μ and the uncertainty σ. Players are ranked by the conservative <see cref="Ordinal"/>.</summary>
public readonly record struct Rating(double Mu, double Sigma)
{
    public const double DefaultMu = 25, DefaultSigma = 25.0 / 3;

    public static Rating Default => new(DefaultMu, DefaultSigma);

    /// <summary>μ − 3σ: the skill a player has with 99.7 % belief.</summary>
    public double Ordinal => Mu - 3 * Sigma;
}

/// <summary>
/// The Weng–Lin Bayesian rating with the Plackett–Luce model (Weng and Lin 2011, "A Bayesian
/// approximation method for online ranking", JMLR 12; the model of the OpenSkill libraries): teams
/// of players, a rank per team (lower is better, equal ranks draw), and each player's μ and σ updated
/// in closed form. No dynamics term (τ = 0), so replaying a match log gives the same ratings whatever
/// the time between matches. β = σ₀/2, κ = 10⁻⁴ as in the paper's defaults.
/// </summary>
public static class OpenSkill
{
    const double Beta = Rating.DefaultSigma / 2, Kappa = 1e-4;

    /// <summary>The teams' new ratings after one game; <paramref name="ranks"/>[i] is team i's place (0 first).</summary>
    public static Rating[][] Rate(IReadOnlyList<IReadOnlyList<Rating>> teams, IReadOnlyList<int> ranks)
    {
        if (teams.Count < 2 || ranks.Count != teams.Count) throw new ArgumentException("at least two teams, one rank each");
        int n = teams.Count;
        var mu = new double[n];
        var sigmaSq = new double[n];
        for (int i = 0; i < n; i++)
        {
            mu[i] = teams[i].Sum(p => p.Mu);
            sigmaSq[i] = teams[i].Sum(p => p.Sigma * p.Sigma);
        }
        double c = Math.Sqrt(sigmaSq.Sum(s => s + Beta * Beta));
        var expMu = mu.Select(m => Math.Exp(m / c)).ToArray();
        // sumQ[q]: the strength of every team placed at or below q; a[q]: how many teams share q's place.
        var sumQ = new double[n];
        var a = new int[n];
        for (int q = 0; q < n; q++)
            for (int i = 0; i < n; i++)
            {
                if (ranks[i] >= ranks[q]) sumQ[q] += expMu[i];
                if (ranks[i] == ranks[q]) a[q]++;
            }
        var result = new Rating[n][];
        for (int i = 0; i < n; i++)
        {
            double omega = 0, delta = 0;
            for (int q = 0; q < n; q++)
            {
                if (ranks[q] > ranks[i]) continue;
                double quotient = expMu[i] / sumQ[q];
                omega += (i == q ? 1 - quotient : -quotient) / a[q];
                delta += quotient * (1 - quotient) / a[q];
            }
            double gamma = Math.Sqrt(sigmaSq[i]) / c;
            double teamOmega = omega * sigmaSq[i] / c;
            double teamDelta = gamma * delta * sigmaSq[i] / (c * c);
            result[i] = [.. teams[i].Select(p =>
            {
                double share = p.Sigma * p.Sigma / sigmaSq[i];
                return new Rating(p.Mu + share * teamOmega, p.Sigma * Math.Sqrt(Math.Max(1 - share * teamDelta, Kappa)));
            })];
        }
        return result;
    }

    /// <summary>One player against another: the winner first, or a draw.</summary>
    public static (Rating A, Rating B) Rate(Rating a, Rating b, int aPlace, int bPlace)
    {
        var r = Rate([[a], [b]], [aPlace, bPlace]);
        return (r[0][0], r[1][0]);
    }

    /// <summary>
    /// How even a one-on-one match would be, in (0, 1]: TrueSkill's draw probability
    /// √(2β² / (2β² + σa² + σb²)) · exp(−(μa − μb)² / (2(2β² + σa² + σb²))). Matchmaking pairs the highest.
    /// </summary>
    public static double Quality(Rating a, Rating b)
    {
        double denominator = 2 * Beta * Beta + a.Sigma * a.Sigma + b.Sigma * b.Sigma;
        return Math.Sqrt(2 * Beta * Beta / denominator) * Math.Exp(-(a.Mu - b.Mu) * (a.Mu - b.Mu) / (2 * denominator));
    }
}
