import { Component, type ErrorInfo, type ReactNode } from 'react';

interface PanelBoundaryProps {
  /** The panel's name, said in the message ("Route A", "the data panel", "the lab"). */
  readonly name: string;
  readonly children?: ReactNode;
}

interface PanelBoundaryState {
  readonly error: Error | null;
  /** Bumped by "reset this panel": the children mount afresh. */
  readonly generation: number;
}

/**
 * Keeps a panel's failure inside the panel: when rendering it throws, the panel shows the error
 * and a "reset this panel" action, and every other panel keeps working. Around the whole app too,
 * so nothing blanks the page.
 */
export class PanelBoundary extends Component<PanelBoundaryProps, PanelBoundaryState> {
  override state: PanelBoundaryState = { error: null, generation: 0 };

  static getDerivedStateFromError(error: unknown): Partial<PanelBoundaryState> {
    return { error: error instanceof Error ? error : new Error(String(error)) };
  }

  override componentDidCatch(error: Error, info: ErrorInfo): void {
    // Kept in the console for whoever debugs it; the page shows the message.
    console.error(`${this.props.name} failed to draw:`, error, info.componentStack);
  }

  private readonly reset = () => this.setState((state) => ({ error: null, generation: state.generation + 1 }));

  override render(): ReactNode {
    const { error, generation } = this.state;
    if (error) {
      return (
        <section className="panel panel-failed" role="alert" data-failed-panel={this.props.name}>
          <h2>{this.props.name}</h2>
          <p className="error">
            {this.props.name} failed to draw: {error.message}
          </p>
          <button type="button" onClick={this.reset}>
            Reset this panel
          </button>
        </section>
      );
    }
    return <PanelGeneration key={generation}>{this.props.children}</PanelGeneration>;
  }
}

/** A keyed wrapper, so a reset remounts the panel's children. */
function PanelGeneration({ children }: { children: ReactNode }) {
  return <>{children}</>;
}
