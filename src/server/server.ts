export async function startHttpServer(..._a: unknown[]): Promise<void> {}
