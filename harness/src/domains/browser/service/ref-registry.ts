/**
 * Short refs (`e12`) for DOM elements, keyed by Chromium's backend node id, which stays
 * the same for as long as the element exists. So an element keeps its ref across
 * snapshots, and a ref is never reused for another element (the counter only grows).
 */
export class RefRegistry {
  #next = 1;
  readonly #byNode = new Map<number, string>();
  readonly #byRef = new Map<string, number>();

  /** The element's ref, assigning the next free one on first sight. */
  refFor(backendNodeId: number): string {
    let ref = this.#byNode.get(backendNodeId);
    if (!ref) {
      ref = `e${this.#next++}`;
      this.#byNode.set(backendNodeId, ref);
      this.#byRef.set(ref, backendNodeId);
    }
    return ref;
  }

  /** The ref an element already has, without assigning one. */
  existing(backendNodeId: number): string | undefined {
    return this.#byNode.get(backendNodeId);
  }

  /** The backend node id of a ref (`e12` or `@e12`), or undefined when unknown. */
  nodeOf(ref: string): number | undefined {
    return this.#byRef.get(ref.replace(/^@/, ''));
  }

  /** A new document replaced every element: forget them (refs keep counting up). */
  forgetAll(): void {
    this.#byNode.clear();
    this.#byRef.clear();
  }

  get size(): number {
    return this.#byRef.size;
  }
}
