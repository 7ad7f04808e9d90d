export interface ResourceEmail {
  sessionId: string;
  to: string;
  subject: string;
  resourceUrl: string;
}

export interface EmailSender {
  sendResource(email: ResourceEmail): Promise<void>;
}
