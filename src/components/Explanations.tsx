/** Short explanations for a class: what β does, what the reference is, what the diagnostics mean. */
export function Explanations() {
  return (
    <section className="panel explanations" aria-label="explanations">
      <details open>
        <summary>What does β do?</summary>
        <p>
          The power posterior p<sub>β</sub>(θ | x) ∝ π(θ) p(x | θ)<sup>β</sup> (the paper's eq. 1) raises the likelihood to
          the power β. At β = 1 it is the usual Bayesian posterior. β &lt; 1 trusts the data less: the posterior widens toward
          the prior, which protects against a misspecified simulator — try the "Misspecified" observation — one draw of the task's contaminated simulator — and lower β.
          β &gt; 1 sharpens the posterior as if the data had been seen more than once.
        </p>
      </details>
      <details>
        <summary>What is the reference sampler?</summary>
        <p>
          Ground truth computed from the exact likelihood, with no neural network: exact rejection sampling for the Gaussian
          mixtures, random-walk Metropolis–Hastings for Two Moons (one chain per crescent) and Lorenz-96, and parallel
          tempering (200 replicas) for SLCP's four modes. For 2-D and 3-D θ the red contours are the exact tempered density,
          normalised on a grid: they redraw at once for any β, while the Markov chains visibly catch up.
        </p>
      </details>
      <details>
        <summary>What do the diagnostics mean?</summary>
        <p>
          <strong>Acceptance</strong>: the share of proposed moves the chain took (about 0.3 is healthy for a random walk).{' '}
          <strong>Split-R̂</strong>: compares the first and second half of each chain; values near 1 mean they agree, above 1.01
          deserves a look. <strong>Bulk ESS</strong>: how many independent draws the correlated chain is worth.{' '}
          <strong>Swap rate</strong>: how often neighbouring temperatures exchange states in parallel tempering.
        </p>
      </details>
      <details>
        <summary>How do the amortized panels work?</summary>
        <p>
          Each trains one network q(θ | x, β) for every β, by score-assisted synthesis of tempered pairs (Route A, eqs. 3–6)
          or by self-normalised importance weights w ∝ p(x | θ)<sup>β−1</sup> on one simulated data set (Route B, eqs.
          9–11), and draws from it beside this reference in one forward pass.
        </p>
      </details>
      <details>
        <summary>And when there is no likelihood (Hodgkin–Huxley)?</summary>
        <p>
          The neuron's likelihood has no formula, so there is no reference sampler: Route B learns a neural likelihood from
          simulations and weights by it. Judge the posterior by what it predicts: the predictive panel simulates voltage
          traces from q's draws at the slider's β and lays them over the recorded one. At β = 0.1 the marginals stay wide and
          the traces vary; at β = 2 they narrow around parameter sets that reproduce the observed spikes.
        </p>
      </details>
    </section>
  );
}
