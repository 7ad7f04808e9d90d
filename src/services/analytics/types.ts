/** Product events. Properties must never carry personal data; only ids, enums and numbers. */
export type AnalyticsProperties = Record<string, string | number | boolean | null>;

export interface Analytics {
  track(sessionId: string, event: string, properties?: AnalyticsProperties): void;
  flush(): Promise<void>;
}
